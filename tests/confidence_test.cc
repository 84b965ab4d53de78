// Confidence intervals: their construction, and their coverage over many
// independent studies of a model whose answer is known in closed form.
#include <gtest/gtest.h>

#include <cmath>

#include "confidence.hh"
#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

TEST(Confidence, QuantileRanksAreBinomialQuantiles) {
  // n = 100, p = 0.5: B ~ Binomial(100, 0.5) counts the values at or below the
  // median; the interval [X_(l), X_(u)] covers it when l <= B <= u - 1.
  // Rounded outwards: l = 39, u - 1 = 60, P(39 <= B <= 60) = 0.972 >= 0.95.
  const auto [lower, upper] = quantile_interval_ranks(100, 0.5);
  EXPECT_EQ(lower, 39u);
  EXPECT_EQ(upper, 61u);
  const auto [l2, u2] = quantile_interval_ranks(10, 0.99);  // small n: clamped to the sample
  EXPECT_GE(l2, 1u);
  EXPECT_EQ(u2, 10u);
}

TEST(Confidence, BatchIntervalIsStudentT) {
  // Values 1..4: mean 2.5, sd 1.2910, t(0.975, 3) = 3.1824.
  const auto ci = batch_interval(2.5, {1, 2, 3, 4});
  ASSERT_TRUE(ci.has_value());
  EXPECT_NEAR(ci->second - 2.5, 3.182446305 * 1.290994449 / 2.0, 1e-8);
  EXPECT_FALSE(batch_interval(1.0, {1.0}).has_value());
  const auto zero = paired_batch_interval(0.0, {1, 2, 3}, {1, 2, 3});
  ASSERT_TRUE(zero.has_value());
  EXPECT_EQ(zero->first, 0.0);
  EXPECT_EQ(zero->second, 0.0);
}

TEST(Confidence, WilsonIntervalMatchesNewcombesTable) {
  // Newcombe (1998), Statistics in Medicine 17:857, table I, method 3.
  const auto [lo, hi] = wilson_interval(81, 263);
  EXPECT_NEAR(lo, 0.2553, 5e-5);
  EXPECT_NEAR(hi, 0.3662, 5e-5);
  const auto [lo2, hi2] = wilson_interval(15, 148);
  EXPECT_NEAR(lo2, 0.0624, 5e-5);
  EXPECT_NEAR(hi2, 0.1605, 5e-5);
  const auto [lo3, hi3] = wilson_interval(0, 10);  // none of ten: still a proper interval
  EXPECT_EQ(lo3, 0.0);
  EXPECT_NEAR(hi3, 0.2775, 5e-5);
}

// One node whose demand level is lognormal (volatility 0.3, mean 1) against
// a capacity of 110 for base demand 100, no events: every week it is short
// by max(0, 100 m - 110), so the loss over 52 weeks at unit value 1 is
// 52 max(0, 100 m - 110), whose mean and quantiles have closed forms.
const char* kLognormalShortfall = R"({"format": "chokepoint/1", "name": "known", "horizon_weeks": 52,
  "nodes": [{"id": "n", "sector": "s", "capacity": 110, "unit_value": 1,
             "final_demand": {"base": 100, "volatility": 0.3}}]})";

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

TEST(Confidence, IntervalsCoverTheKnownAnswerAboutNinetyFivePercentOfTheTime) {
  const double sigma = 0.3;
  const double base = 100.0;
  const double capacity = 110.0;
  // E[max(0, base m - C)] for m = exp(sigma Z - sigma^2 / 2).
  const double d1 = (std::log(base / capacity) + sigma * sigma / 2) / sigma;
  const double true_mean = 52.0 * (base * normal_cdf(d1) - capacity * normal_cdf(d1 - sigma));
  // 0.9 quantile: z = 1.2815515655446004.
  const double true_q90 = 52.0 * (base * std::exp(sigma * 1.2815515655446004 - sigma * sigma / 2) - capacity);

  const auto loaded = test::load_ok(kLognormalShortfall);
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  int mean_covered = 0;
  int q90_covered = 0;
  const int studies = 200;
  for (int seed = 1; seed <= studies; ++seed) {
    StudyOptions options;
    options.scenarios = 2000;
    options.seed = static_cast<std::uint64_t>(seed);
    options.backend.threads = 1;
    const StudyRun run = run_study(model, options, nullptr);
    const StudyStatistics stats = compute_statistics(run.accumulator, run.batches, model);
    const MetricStatistics& loss = stats.metrics[0];
    ASSERT_EQ(loss.name, "loss_total");
    if (loss.mean_ci.first <= true_mean && true_mean <= loss.mean_ci.second) ++mean_covered;
    ASSERT_EQ(kQuantileLevels[2], 0.9);
    if (loss.quantile_ci[2].first <= true_q90 && true_q90 <= loss.quantile_ci[2].second) ++q90_covered;
  }
  EXPECT_GE(mean_covered, 180) << "mean CI covered " << mean_covered << " of " << studies;
  EXPECT_LE(mean_covered, 198) << "mean CI covered " << mean_covered << " of " << studies;
  EXPECT_GE(q90_covered, 180) << "0.9-quantile CI covered " << q90_covered << " of " << studies;
  EXPECT_LE(q90_covered, 198) << "0.9-quantile CI covered " << q90_covered << " of " << studies;
}

}  // namespace
}  // namespace chokepoint
