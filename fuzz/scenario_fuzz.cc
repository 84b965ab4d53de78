// libFuzzer target: any bytes through the scenario loader and validator
// (JSON syntax, limits, schema, rules, every policy applied and checked),
// then through the model compiler with each policy and each stress test, as
// `chokepoint run --policy P --stress T` would. A file may be refused only
// with an InputError; any other exception escaping, a crash, a sanitizer
// report or a hang is a bug.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "diagnostics.hh"
#include "model_selection.hh"
#include "scenario_loader.hh"

namespace {

/// Compile one variant; an InputError here is a legitimate refusal (two
/// event ids whose random streams collide are only found when compiling).
void compile(const chokepoint::LoadedScenario& loaded, const std::string& policy, const std::string& stress_test) {
  try {
    chokepoint::select_model(loaded, policy, stress_test);
  } catch (const chokepoint::InputError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<chokepoint::LoadedScenario> loaded;
  try {
    loaded.emplace(chokepoint::load_scenario_text("fuzz.json", std::move(text)));
  } catch (const chokepoint::InputError&) {
    return 0;
  }
  compile(*loaded, "", "");
  for (const auto& policy : loaded->scenario.policies) compile(*loaded, policy.id, "");
  for (const auto& stress_test : loaded->scenario.stress_tests) compile(*loaded, "", stress_test.id);
  return 0;
}
