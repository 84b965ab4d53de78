// The same (model, seed, n) gives byte-identical results.json whatever the
// thread count and chunk size.
#include <gtest/gtest.h>

#include "replay.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

TEST(Determinism, ThreadsAndChunksDoNotChangeResults) {
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/demo.json"));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  StudyOptions options;
  options.scenarios = 20000;
  options.seed = 7;
  options.backend.threads = 1;
  options.chunk_size = 20000;
  const std::string one_thread = test::results_json_text(model, loaded.scenario, options);
  options.backend.threads = 2;
  options.chunk_size = 0;
  const std::string two_threads = test::results_json_text(model, loaded.scenario, options);
  options.chunk_size = 777;
  const std::string odd_chunks = test::results_json_text(model, loaded.scenario, options);
  options.backend.threads = 3;
  options.chunk_size = 64;
  const std::string three_threads = test::results_json_text(model, loaded.scenario, options);
  EXPECT_EQ(one_thread, two_threads);
  EXPECT_EQ(one_thread, odd_chunks);
  EXPECT_EQ(one_thread, three_threads);
  EXPECT_NE(one_thread.find("\"scenarios\": 20000"), std::string::npos);
}

TEST(Determinism, DifferentSeedsGiveDifferentResults) {
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/demo.json"));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  StudyOptions options;
  options.scenarios = 5000;
  options.seed = 1;
  const std::string a = test::results_json_text(model, loaded.scenario, options);
  options.seed = 2;
  EXPECT_NE(a, test::results_json_text(model, loaded.scenario, options));
}

TEST(Determinism, ReplayReproducesAStudyScenario) {
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/demo.json"));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  StudyOptions options;
  options.scenarios = 20000;
  options.seed = 3;
  const StudyRun run = run_study(model, options, nullptr);
  const auto worst = run.accumulator.tail().sorted();
  ASSERT_FALSE(worst.empty());
  ASSERT_GT(worst[0].value, 0.0);
  const Trace trace = replay_scenario(model, options.seed, worst[0].scenario);
  EXPECT_EQ(trace.outputs[MetricLayout::loss_total], worst[0].value);
}

}  // namespace
}  // namespace chokepoint
