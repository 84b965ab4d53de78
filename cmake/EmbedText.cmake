# Writes OUTPUT: a C++ source defining `std::string_view NAMESPACE::FUNCTION()`
# that returns the bytes of INPUT. Used for the scenario schema (compiled
# into the loader) and the files inlined into HTML reports.
file(READ ${INPUT} TEXT)
set(DELIMITER "embedded_text")
string(FIND "${TEXT}" ")${DELIMITER}\"" CLASH)
if(NOT CLASH EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${DELIMITER}\"")
endif()
file(WRITE ${OUTPUT}.tmp "// Generated from ${INPUT}: do not edit.\n"
  "#include <string_view>\n"
  "namespace ${NAMESPACE} {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr const char kText[] = R\"${DELIMITER}(${TEXT})${DELIMITER}\";\n"
  "  return {kText, sizeof kText - 1};\n"
  "}\n"
  "}  // namespace ${NAMESPACE}\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
