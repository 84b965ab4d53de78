// Importance sampling (run --importance): choosing and checking factors,
// agreement with plain Monte Carlo, and the CLI around it. Unbiasedness
// against an exact answer is in analytic_test.cc; equality across backends
// in backend_equality_test.cc.
#include <gtest/gtest.h>

#include <cmath>

#include "importance.hh"
#include "model_selection.hh"
#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

const std::string kDemo = test::source_path("scenarios/demo.json");

StudyStatistics study(const std::string& importance, std::uint64_t scenarios) {
  const auto selected = select_model(kDemo, "", "", importance);
  StudyOptions options;
  options.scenarios = scenarios;
  options.seed = 5;
  const StudyRun run = run_study(selected->model, options, nullptr);
  return compute_statistics(run.accumulator, run.batches, selected->model);
}

std::string importance_error(const std::string& spec) {
  try {
    select_model(kDemo, "", "", spec);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Importance, AutoRaisesOnlyTheRareEventsOfTheDemo) {
  const auto selected = select_model(kDemo, "", "", "auto");
  const std::vector<double>& f = selected->model.importance_factors();
  ASSERT_EQ(f.size(), 4u);
  // taiwan_blockade, photoresist_plant_fire, hormuz_closure are rare over
  // the horizon; ai_demand_surge (0.2 a year) is not.
  EXPECT_GT(f[0], 2.0);
  EXPECT_GT(f[1], 1.5);
  EXPECT_GT(f[2], 2.0);
  EXPECT_EQ(f[3], 1.0);
  EXPECT_LE(largest_log_weight(f, selected->model), kAutoMaxLogWeight * (1 + 1e-12));
}

TEST(Importance, AgreesWithPlainMonteCarloOnTheDemo) {
  const StudyStatistics plain = study("", 20000);
  const StudyStatistics weighted = study("auto", 20000);
  ASSERT_TRUE(weighted.importance.has_value());
  EXPECT_FALSE(plain.importance.has_value());
  for (std::size_t k = 0; k < plain.metrics.size(); ++k) {
    const MetricStatistics& a = plain.metrics[k];
    const MetricStatistics& b = weighted.metrics[k];
    if (a.name.rfind("loss", 0) != 0) continue;
    const double combined = std::hypot(a.se, b.se);
    EXPECT_NEAR(a.mean, b.mean, 4.0 * combined) << a.name;
  }
  // The tail of the total, and its intervals, overlap (CVaR 0.95: batches of
  // 625 scenarios hold too few beyond 0.99 for a CVaR 0.99 interval).
  const MetricStatistics& a = plain.metrics[0];
  const MetricStatistics& b = weighted.metrics[0];
  ASSERT_TRUE(a.cvar_ci[0] && b.cvar_ci[0]);
  EXPECT_LT(a.cvar_ci[0]->first, b.cvar_ci[0]->second);
  EXPECT_LT(b.cvar_ci[0]->first, a.cvar_ci[0]->second);
}

TEST(Importance, FactorsOfOneGiveThePlainEstimates) {
  // Every weight is exactly 1 (2^24 units), so the weighted arithmetic must
  // reproduce the plain estimates; only the intervals' method differs, and
  // tail means, which plain counting takes over the n(1 - alpha) + 1
  // scenarios of ranks ceil(alpha n) to n and weighted counting over that
  // much mass plus one unit: they differ by at most one scenario's share.
  const StudyStatistics plain = study("", 3000);
  const StudyStatistics weighted = study("taiwan_blockade=1", 3000);
  ASSERT_TRUE(weighted.importance.has_value());
  EXPECT_EQ(weighted.importance->effective_sample_size, 3000.0);
  for (std::size_t k = 0; k < plain.metrics.size(); ++k) {
    const MetricStatistics& a = plain.metrics[k];
    const MetricStatistics& b = weighted.metrics[k];
    EXPECT_EQ(a.mean, b.mean) << a.name;
    EXPECT_EQ(a.p_positive, b.p_positive) << a.name;
    for (std::size_t i = 0; i < a.quantiles.size(); ++i) EXPECT_EQ(a.quantiles[i].value, b.quantiles[i].value) << a.name;
    for (std::size_t i = 0; i < a.cvar.size(); ++i) {
      const double share = a.max / (3000 * (1.0 - kTailLevels[i]));
      EXPECT_NEAR(a.cvar[i].value, b.cvar[i].value, share) << a.name;
    }
  }
  for (std::size_t s = 0; s < plain.tail.sector_mean_loss.size(); ++s) {
    EXPECT_NEAR(plain.tail.sector_mean_loss[s], weighted.tail.sector_mean_loss[s], plain.metrics[0].max / 30) << s;
  }
  EXPECT_EQ(plain.fan_charts[0].q99, weighted.fan_charts[0].q99);
}

TEST(Importance, BadSpecificationsAreRefusedWithTheirReason) {
  EXPECT_EQ(importance_error("taiwan_blockad=10"),
            "--importance: unknown event \"taiwan_blockad\"; did you mean \"taiwan_blockade\"?");
  EXPECT_EQ(importance_error("taiwan_blockade=0.5"),
            "--importance: the factor of \"taiwan_blockade\" must be >= 1 (sampling raises rates), got 0.5");
  EXPECT_EQ(importance_error("taiwan_blockade=ten"),
            "--importance: the factor of \"taiwan_blockade\" must be a number, got \"ten\"");
  EXPECT_EQ(importance_error("taiwan_blockade"), "--importance: expected auto or EVENT=FACTOR,..., got \"taiwan_blockade\"");
  EXPECT_EQ(importance_error("hormuz_closure=2,hormuz_closure=3"), "--importance: event \"hormuz_closure\" is listed twice");
  const std::string too_large = importance_error("ai_demand_surge=100");
  EXPECT_EQ(too_large.rfind("--importance: these factors let a scenario's weight reach e^", 0), 0u) << too_large;
  EXPECT_NE(too_large.find("above the limit of 65536 (e^11.1)"), std::string::npos) << too_large;
}

TEST(Importance, CliRunWritesTheFactorsAndShardsMergeToTheSameResults) {
  const std::string dir = test::temp_dir("importance_cli");
  const std::string common = kDemo + " -n 4000 --seed 3 --importance auto -q";
  ASSERT_EQ(test::run_cli("run " + common + " --out " + dir + "/whole").status, 0);
  ASSERT_EQ(test::run_cli("run " + common + " --shard 1/2 --out " + dir + "/parts").status, 0);
  ASSERT_EQ(test::run_cli("run " + common + " --shard 2/2 --out " + dir + "/parts").status, 0);
  const auto merged = test::run_cli("merge " + dir + "/parts/shard-2-of-2.part " + dir + "/parts/shard-1-of-2.part --out " +
                                    dir + "/merged");
  ASSERT_EQ(merged.status, 0) << merged.err;
  const std::string whole = test::read_text(dir + "/whole/results.json");
  EXPECT_EQ(whole, test::read_text(dir + "/merged/results.json"));
  EXPECT_NE(whole.find("\"importance\": {\n      \"spec\": \"auto\""), std::string::npos);
  EXPECT_NE(whole.find("\"effective_sample_size\""), std::string::npos);
  EXPECT_NE(whole.find("\"weight\": "), std::string::npos);
  const auto report = test::run_cli("report " + dir + "/whole --format md");
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_NE(report.out.find("over 52 weeks. Importance sampling (auto): effective sample size "), std::string::npos)
      << report.out;

  // A plain part does not merge with a weighted one.
  ASSERT_EQ(test::run_cli("run " + kDemo + " -n 4000 --seed 3 -q --shard 1/2 --out " + dir + "/plain").status, 0);
  const auto mixed = test::run_cli("merge " + dir + "/plain/shard-1-of-2.part " + dir + "/parts/shard-2-of-2.part --out " +
                                   dir + "/mixed");
  EXPECT_EQ(mixed.status, 2);
  EXPECT_NE(mixed.err.find("importance sampling \"auto\""), std::string::npos) << mixed.err;
}

}  // namespace
}  // namespace chokepoint
