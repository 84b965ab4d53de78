// Pretty-printed JSON with numbers in their shortest round-trip form.
//
// Boost.JSON serialises doubles as "1E-1"; results files are read by people
// and diffed, so they are written indented, with 0.1 as 0.1, and with
// non-finite numbers as null. Member order is insertion order, so the same
// value always gives the same bytes.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace chokepoint {

std::string to_pretty_json(const boost::json::value& v);

/// A double for JSON: the number, or null when not finite.
boost::json::value json_number(double x);

}  // namespace chokepoint
