# Writes OUTPUT: a C++ source defining scenario_schema_text() from INPUT.
file(READ ${INPUT} SCHEMA)
file(WRITE ${OUTPUT}.tmp "// Generated from scenarios/chokepoint.schema.json: do not edit.\n"
  "#include <string_view>\n"
  "namespace chokepoint {\n"
  "std::string_view scenario_schema_text() {\n"
  "  static constexpr const char kText[] = R\"schema(${SCHEMA})schema\";\n"
  "  return {kText, sizeof kText - 1};\n"
  "}\n"
  "}  // namespace chokepoint\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
