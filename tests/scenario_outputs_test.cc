// Kept scenario outputs (host/run/scenario_outputs.hh) are the outputs of
// the study's own scenarios: each row equals that scenario's replay, on any
// thread count, and the weights are the replay's probability mass.
#include <gtest/gtest.h>

#include <cstddef>
#include <vector>

#include "model_selection.hh"
#include "replay.hh"
#include "scenario_outputs.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

constexpr std::uint64_t kFirst = 1000;
constexpr std::uint64_t kCount = 300;
constexpr std::uint64_t kSeed = 17;

std::vector<double> kept(const CompiledModel& model, int threads, std::vector<double>& weights) {
  std::vector<double> values(kCount * model.metrics().size());
  weights.assign(kCount, 0.0);
  scenario_outputs(model, kSeed, kFirst, kCount, threads, values.data(), weights.data());
  return values;
}

TEST(ScenarioOutputs, RowsAreTheReplayedScenariosOnAnyThreadCount) {
  const auto selected = select_model(test::source_path("scenarios/demo.json"), "", "blockade_w10_26w");
  std::vector<double> weights;
  const std::vector<double> values = kept(selected->model, 1, weights);
  std::vector<double> weights3;
  EXPECT_EQ(kept(selected->model, 3, weights3), values);
  const std::size_t outputs = selected->model.metrics().size();
  for (const std::uint64_t k : {std::uint64_t{0}, std::uint64_t{1}, kCount / 2, kCount - 1}) {
    const Trace trace = replay_scenario(selected->model, kSeed, kFirst + k);
    const std::vector<double> row(values.begin() + static_cast<std::ptrdiff_t>(k * outputs),
                                  values.begin() + static_cast<std::ptrdiff_t>((k + 1) * outputs));
    EXPECT_EQ(row, trace.outputs) << "scenario " << kFirst + k;
    EXPECT_EQ(weights[k], 1.0);
  }
}

TEST(ScenarioOutputs, WeightsAreTheLikelihoodRatiosUnderImportanceSampling) {
  const auto selected = select_model(test::source_path("scenarios/demo.json"), "", "", "auto");
  std::vector<double> weights;
  kept(selected->model, 2, weights);
  bool some_not_one = false;
  for (std::uint64_t k = 0; k < kCount; ++k) {
    const Trace trace = replay_scenario(selected->model, kSeed, kFirst + k);
    // 2^24 units of probability mass per unit of weight (docs/RESULTS.md).
    EXPECT_EQ(weights[k], static_cast<double>(trace.units) / 16777216.0) << "scenario " << kFirst + k;
    some_not_one = some_not_one || weights[k] != 1.0;
  }
  EXPECT_TRUE(some_not_one);
}

}  // namespace
}  // namespace chokepoint
