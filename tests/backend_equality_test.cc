// Every backend gives byte-identical results.json for the same study.
// Kokkos runs on the host here (Debian's Kokkos has the Serial execution
// space), so this proves the device accumulation path (kernels/chunk_sink.hh
// and StudyAccumulator::merge_chunk), which the CUDA backend shares.
#include <gtest/gtest.h>

#include "importance.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

struct Case {
  const char* file;
  const char* policy;
  const char* stress;
  std::uint64_t scenarios;
  std::size_t top_k;  // 0: default
  const char* importance = "";
};

std::string results(const Case& c, const std::string& backend) {
  const LoadedScenario loaded = load_scenario(test::source_path(std::string("scenarios/") + c.file));
  const Scenario s = scenario_with_policy(loaded, c.policy);
  const StressTest* stress = nullptr;
  for (const StressTest& t : s.stress_tests) {
    if (t.id == c.stress) stress = &t;
  }
  CompiledModel model = CompiledModel::compile(s, stress);
  model.set_importance(importance_factors(c.importance, s, model));
  StudyOptions options;
  options.scenarios = c.scenarios;
  options.seed = 11;
  options.top_k = c.top_k;
  options.backend.name = backend;
  return test::results_json_text(model, s, options);
}

const Case kCases[] = {
    {"demo.json", "", "", 40000, 0},                       // three Kokkos chunks
    {"demo.json", "ecu_second_source", "blockade_w10_26w", 5000, 0},
    {"demo.json", "", "", 20000, 7},                       // tiny top-K: histogram estimates, thresholds in use
    {"strategic_industries.json", "", "", 600, 0},
    {"strategic_industries.json", "", "combined_crisis", 300, 0},
    {"demo.json", "", "", 40000, 0, "auto"},               // weighted counts, top-K and fan charts
    {"strategic_industries.json", "", "", 600, 0, "auto"},
};

TEST(BackendEquality, KokkosMatchesCpuByteForByte) {
#ifndef CHOKEPOINT_HAVE_KOKKOS
  GTEST_SKIP() << "built without Kokkos";
#endif
  for (const Case& c : kCases) {
    const std::string cpu = results(c, "cpu");
    EXPECT_EQ(cpu, results(c, "kokkos")) << c.file << " policy=" << c.policy << " stress=" << c.stress;
    EXPECT_NE(cpu.find("\"scenarios\": " + std::to_string(c.scenarios)), std::string::npos);
  }
}

TEST(BackendEquality, AskingForAnAbsentBackendIsAClearError) {
  const Case c{"demo.json", "", "", 10, 0};
  try {
    results(c, "tpu");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("unknown backend \"tpu\"; this build has: auto, cpu"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace chokepoint
