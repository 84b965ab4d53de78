// A PointRunner keeps its backend and accumulators from point to point
// (host/run/point_runner.hh): each point's statistics must equal those of a
// runner made for that point alone, whatever ran before it.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model_selection.hh"
#include "point_runner.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

/// Every figure a point's statistic is built from, in one vector.
std::vector<double> figures(const StudyStatistics& stats) {
  std::vector<double> out;
  for (const MetricStatistics& m : stats.metrics) {
    out.insert(out.end(), {static_cast<double>(m.count), m.mean, m.sd, m.min, m.max, m.p_positive});
    for (const Estimate& e : m.cvar) out.push_back(e.value);
    for (const Estimate& e : m.quantiles) out.push_back(e.value);
  }
  for (const std::vector<double>& b : stats.batches.mean) out.insert(out.end(), b.begin(), b.end());
  for (const std::vector<double>& b : stats.batches.cvar99) out.insert(out.end(), b.begin(), b.end());
  return out;
}

TEST(PointRunner, AReusedRunnerGivesEachPointItsOwnStatistics) {
  const std::string path = test::source_path("scenarios/demo.json");
  // Two parameter sets of one shape: the blockade with and without a policy.
  const auto plain = select_model(path, "", "blockade_w10_26w");
  const auto policy = select_model(path, "photoresist_stockpile", "blockade_w10_26w");
  PointOptions options;
  options.scenarios = 3000;
  options.batches = 8;
  options.backend.name = "cpu";
  options.backend.threads = 2;
  options.backend.seed = 9;
  const auto alone = [&](const CompiledModel& model, std::uint64_t first) {
    return figures(PointRunner(options).run(model, first).stats);
  };
  PointRunner reused(options);
  const std::vector<double> a = figures(reused.run(plain->model, 0).stats);
  const std::vector<double> b = figures(reused.run(policy->model, 0).stats);
  const std::vector<double> c = figures(reused.run(plain->model, 3000).stats);
  EXPECT_EQ(a, alone(plain->model, 0));
  EXPECT_EQ(b, alone(policy->model, 0));
  EXPECT_EQ(c, alone(plain->model, 3000));
  // The points differ, so equality above is not the same numbers thrice.
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
}

}  // namespace
}  // namespace chokepoint
