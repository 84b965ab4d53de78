// A PointRunner keeps its backend and accumulators from point to point
// (host/run/point_runner.hh): each point's statistics must equal those of a
// runner made for that point alone, whatever ran before it, and a group of
// points run together (one work list per chunk, which the Kokkos backend
// carries in shared launches) must give each point what it gets alone.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
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

TEST(PointRunner, AGroupGivesEachPointWhatItGetsAlone) {
  const std::string path = test::source_path("scenarios/demo.json");
  // Three points of one shape: the blockade alone, with a second source
  // (other supplier shares and capacity) and with a stockpile.
  const auto plain = select_model(path, "", "blockade_w10_26w");
  const auto second_source = select_model(path, "ecu_second_source", "blockade_w10_26w");
  const auto stockpile = select_model(path, "photoresist_stockpile", "blockade_w10_26w");
  const std::vector<const CompiledModel*> group = {&plain->model, &second_source->model, &stockpile->model};
  PointOptions options;
  // 2 batches of 6,000: the Kokkos backend cuts each point's chunk into
  // pieces of at most 2,048 and carries 8 pieces per launch, so launches
  // mix points and pieces of unequal size.
  options.scenarios = 12000;
  options.batches = 2;
  options.backend.threads = 2;
  options.backend.seed = 5;
  std::vector<std::string> backends = {"cpu"};
#ifdef CHOKEPOINT_HAVE_KOKKOS
  backends.emplace_back("kokkos");
#endif
  std::vector<std::vector<double>> alone;
  options.backend.name = "cpu";
  for (const CompiledModel* model : group) alone.push_back(figures(PointRunner(options).run(*model, 7).stats));
  for (const std::string& backend : backends) {
    options.backend.name = backend;
    PointRunner runner(options);
    std::uint64_t last_progress = 0;
    const std::vector<PointRun> runs =
        runner.run(group, 7, [&](std::uint64_t done) { last_progress = done; });
    ASSERT_EQ(runs.size(), group.size());
    for (std::size_t p = 0; p < group.size(); ++p) {
      EXPECT_EQ(figures(runs[p].stats), alone[p]) << backend << " point " << p;
    }
    EXPECT_EQ(last_progress, options.scenarios * group.size()) << backend;
    // A second group on the same runner, in another order, is unaffected by
    // the first.
    const std::vector<PointRun> again = runner.run({group[2], group[0]}, 7);
    EXPECT_EQ(figures(again[0].stats), alone[2]) << backend;
    EXPECT_EQ(figures(again[1].stats), alone[0]) << backend;
  }
  EXPECT_NE(alone[0], alone[1]);
  EXPECT_NE(alone[0], alone[2]);
}

}  // namespace
}  // namespace chokepoint
