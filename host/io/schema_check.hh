// Structural checks of a scenario document against scenarios/chokepoint.schema.json.
//
// valijson decides whether the document fits the schema; its own messages are
// generic ("Value type not permitted by 'type' constraint"), so each place it
// rejects is explained again from the schema keywords that apply there:
// what was expected, what was found, and for unknown keys the closest known
// key. The schema is compiled into the binary (generated/schema_text.cc).
#pragma once

#include <boost/json/value.hpp>

#include <string_view>

#include "diagnostics.hh"

namespace chokepoint {

/// The schema text shipped as scenarios/chokepoint.schema.json.
std::string_view scenario_schema_text();

/// Report every place where `doc` does not fit the schema.
void check_schema(const boost::json::value& doc, Diagnostics& diags);

/// Keywords the explainer understands; the schema may use no others
/// (tests/schema_test.cc checks this).
bool schema_keyword_supported(std::string_view keyword);

}  // namespace chokepoint
