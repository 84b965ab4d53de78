// Reading a schema-checked JSON document into a Scenario.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "diagnostics.hh"
#include "scenario.hh"

namespace chokepoint {

/// Build the typed scenario from a document that passed check_schema.
/// Problems only visible while reading (a rate map that misses a regime, a
/// distribution without its parameters) are reported in `diags`.
Scenario read_scenario(const boost::json::value& doc, Diagnostics& diags);

/// One distribution of the grammar (a bare number is fixed), read at
/// `pointer`; bad parameters are reported in `diags`.
DistSpec read_dist(const boost::json::value& v, const std::string& pointer, Diagnostics& diags);

}  // namespace chokepoint
