// A scenario file plus the policy and stress test a command asked for, compiled.
#pragma once

#include <memory>
#include <string>

#include "compiled_model.hh"
#include "scenario_loader.hh"

namespace chokepoint {

struct SelectedModel {
  LoadedScenario loaded;
  Scenario scenario;  // with the policy applied
  std::string policy;
  std::string stress_test;
  std::string importance;  // --importance as given ("" for none)
  CompiledModel model;     // with the importance factors set
};

/// Load `path`, apply `policy`, compile with `stress_test`'s forced events
/// and set the importance factors of `importance` (host/importance.hh); any
/// may be empty. Throws InputError for a bad file or unknown ids.
std::unique_ptr<SelectedModel> select_model(const std::string& path, const std::string& policy,
                                            const std::string& stress_test, const std::string& importance = "");
/// The same for a scenario already loaded (from a checkpoint or shard file).
std::unique_ptr<SelectedModel> select_model(LoadedScenario loaded, const std::string& policy,
                                            const std::string& stress_test, const std::string& importance = "");

}  // namespace chokepoint
