# Writes OUTPUT: a C++ source defining `std::string_view FUNCTION()` that
# returns the bytes of INPUT. Used for the files inlined into HTML reports.
file(READ ${INPUT} TEXT)
set(DELIMITER "embedded_text")
string(FIND "${TEXT}" ")${DELIMITER}\"" CLASH)
if(NOT CLASH EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${DELIMITER}\"")
endif()
file(WRITE ${OUTPUT}.tmp "// Generated from ${INPUT}: do not edit.\n"
  "#include <string_view>\n"
  "namespace chokepoint::report {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr const char kText[] = R\"${DELIMITER}(${TEXT})${DELIMITER}\";\n"
  "  return {kText, sizeof kText - 1};\n"
  "}\n"
  "}  // namespace chokepoint::report\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
