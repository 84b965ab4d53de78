#include "model_selection.hh"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "diagnostics.hh"
#include "importance.hh"
#include "suggest.hh"

namespace chokepoint {

std::unique_ptr<SelectedModel> select_model(const std::string& path, const std::string& policy,
                                            const std::string& stress_test, const std::string& importance) {
  return select_model(load_scenario(path), policy, stress_test, importance);
}

std::unique_ptr<SelectedModel> select_model(LoadedScenario loaded, const std::string& policy,
                                            const std::string& stress_test, const std::string& importance) {
  const std::string& path = loaded.doc.path;
  Scenario scenario = scenario_with_policy(loaded, policy);
  const StressTest* stress = nullptr;
  if (!stress_test.empty()) {
    std::vector<std::string> ids;
    for (const StressTest& t : scenario.stress_tests) {
      ids.push_back(t.id);
      if (t.id == stress_test) stress = &t;
    }
    if (stress == nullptr) {
      std::string message = with_suggestion(fmt::format("{}: unknown stress test \"{}\"", path, stress_test), stress_test, ids);
      if (message.find("did you mean") == std::string::npos) {
        message += ids.empty() ? "; this file defines no stress tests" : fmt::format("; stress tests: {}", fmt::join(ids, ", "));
      }
      throw InputError(message);
    }
  }
  CompiledModel model = CompiledModel::compile(scenario, stress);
  model.set_importance(importance_factors(importance, scenario, model));
  return std::make_unique<SelectedModel>(
      SelectedModel{std::move(loaded), std::move(scenario), policy, stress_test, importance, std::move(model)});
}

}  // namespace chokepoint
