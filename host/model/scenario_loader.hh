// Loading and checking a scenario file: the one entry point for every command.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json_document.hh"
#include "scenario.hh"

namespace chokepoint {

struct LoadedScenario {
  JsonDocument doc;
  Scenario scenario;   // the file's own model, without policies
  std::string sha256;  // of the file's bytes
};

/// Read, check (schema, rules, and every policy applied in turn) and load a
/// scenario file. Throws InputError listing every problem found, each as
/// "FILE:LINE:COL: POINTER: MESSAGE".
LoadedScenario load_scenario(const std::string& path);

/// The same for text already in memory; `name` stands for the path in messages.
LoadedScenario load_scenario_text(const std::string& name, std::string text);

/// The model with policy `policy_id` applied (the file's own model if empty).
/// Throws InputError for an unknown policy id.
Scenario scenario_with_policy(const LoadedScenario& loaded, std::string_view policy_id);

}  // namespace chokepoint
