// The CPU backend's SIMD lanes (host/run/cpu_simd.cc) give byte-identical
// results.json to the scalar model ("off", the reference that
// determinism_test.cc pins) on every target this build has and this CPU
// runs: AVX-512 (8 lanes), AVX2 (4), SSE4 and SSSE3 (2) and Highway's
// fallback (fallback_target below), on the demo, the demo under a policy and a stress
// test, a synthetic model, the strategic-industries model and importance
// sampling. Scenario counts are odd, so every width pads its last block.
#include <gtest/gtest.h>

#include <algorithm>

#include "cpu_simd.hh"
#include "diagnostics.hh"
#include "importance.hh"
#include "synth/synthetic_model.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

struct Case {
  const char* what;
  Scenario scenario;
  const char* stress;
  std::uint64_t scenarios;
  const char* importance;
  int threads;
};

Scenario from_file(const char* file, const char* policy = "") {
  return scenario_with_policy(load_scenario(test::source_path(std::string("scenarios/") + file)), policy);
}

std::string results_on(const Case& c, const std::string& target) {
  force_simd_target(target);
  const StressTest* stress = nullptr;
  for (const StressTest& t : c.scenario.stress_tests) {
    if (t.id == c.stress) stress = &t;
  }
  CompiledModel model = CompiledModel::compile(c.scenario, stress);
  model.set_importance(importance_factors(c.importance, c.scenario, model));
  StudyOptions options;
  options.scenarios = c.scenarios;
  options.seed = 5;
  options.backend.name = "cpu";
  options.backend.threads = c.threads;
  return test::results_json_text(model, c.scenario, options);
}

/// Highway's fallback target, always compiled: the one-lane "scalar" with
/// GCC before 12.3 (whose two-lane emulation Highway marks broken: the ci
/// preset, so W = 1 is tested there), else "emu128", two emulated lanes
/// (clang: the asan preset).
std::string fallback_target() {
  const std::vector<std::string> targets = available_simd_targets();
  for (const char* name : {"scalar", "emu128"}) {
    if (std::find(targets.begin(), targets.end(), name) != targets.end()) return name;
  }
  return "";
}

std::string fallback_description() {
  return fallback_target() == "scalar" ? "SIMD scalar: 1 double lane" : "SIMD emu128: 2 double lanes";
}

class SimdTargets : public ::testing::Test {
 protected:
  void TearDown() override { force_simd_target(""); }
};

TEST_F(SimdTargets, EveryTargetMatchesTheScalarModelByteForByte) {
  const std::vector<std::string> targets = available_simd_targets();
  ASSERT_NE(fallback_target(), "");
  const Case cases[] = {
      {"demo", from_file("demo.json"), "", 4099, "", 1},
      {"demo, policy and stress test", from_file("demo.json", "ecu_second_source"), "blockade_w10_26w", 2001, "", 2},
      {"synthetic", test::load_ok(synthetic_model_json(SynthOptions{60, 30, 104, 5})).scenario, "", 1003, "", 1},
      {"strategic industries, stress test", from_file("strategic_industries.json"), "combined_crisis", 301, "", 2},
      {"demo, importance auto", from_file("demo.json"), "", 4001, "auto", 1},
  };
  for (const Case& c : cases) {
    const std::string scalar = results_on(c, "off");
    EXPECT_NE(scalar.find("\"scenarios\": " + std::to_string(c.scenarios)), std::string::npos) << c.what;
    for (const std::string& target : targets) {
      EXPECT_EQ(scalar, results_on(c, target)) << c.what << " on " << target;
    }
  }
}

TEST_F(SimdTargets, TheBackendNamesTheForcedTarget) {
  force_simd_target(fallback_target());
  EXPECT_EQ(describe_simd_target(), fallback_description());
  force_simd_target("off");
  EXPECT_EQ(describe_simd_target(), "SIMD off: the scalar model");
  for (const std::string& target : available_simd_targets()) {
    force_simd_target(target);
    EXPECT_EQ(describe_simd_target().rfind("SIMD " + target + ": ", 0), 0U) << describe_simd_target();
  }
}

TEST_F(SimdTargets, UnknownTargetIsAClearError) {
  try {
    force_simd_target("avx9");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    std::string expected = "SIMD target 'avx9' is not available: this build on this CPU has ";
    for (const std::string& target : available_simd_targets()) expected += target + ", ";
    expected.replace(expected.size() - 2, 2, " and off");
    EXPECT_EQ(std::string(e.what()), expected);
  }
}

TEST(SimdTargetsCli, EnvironmentVariableForcesTheTargetOfInfo) {
  {
    const test::ScopedEnv forced(kSimdTargetVariable, fallback_target().c_str());
    const auto out = test::run_cli("info --backends");
    EXPECT_EQ(out.status, 0) << out.err;
    EXPECT_NE(out.out.find(fallback_description()), std::string::npos) << out.out;
  }
  const test::ScopedEnv forced(kSimdTargetVariable, "avx9");
  const auto bad = test::run_cli("info --backends");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("CHOKEPOINT_SIMD_TARGET=avx9: SIMD target 'avx9' is not available"), std::string::npos)
      << bad.err;
}

}  // namespace
}  // namespace chokepoint
