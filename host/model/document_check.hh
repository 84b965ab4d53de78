// The loader's check of one document, for documents made by editing a file
// (a policy, uncertain factors at a point).
#pragma once

#include <boost/json/value.hpp>

#include <optional>

#include "diagnostics.hh"
#include "scenario.hh"

namespace chokepoint {

/// Schema, reading and rules over one document (defined in
/// scenario_loader.cc); nullopt with the problems in `diags` if anything failed.
std::optional<Scenario> check_scenario_document(const boost::json::value& doc, Diagnostics& diags);

}  // namespace chokepoint
