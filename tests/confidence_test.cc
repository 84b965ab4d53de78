// Confidence intervals: their construction, and their coverage over many
// independent studies of a model whose answer is known in closed form.
#include <gtest/gtest.h>

#include <cmath>

#include "confidence.hh"
#include "single_outage.hh"
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
}

TEST(Confidence, AnUpperRankPastTheSampleMeansAnUnknownBound) {
  // The upper rank is n + 1 (unknown) exactly when P(all n values lie below
  // the p-quantile) = p^n exceeds 0.025: 0.999^3687 = 0.0250009 and
  // 0.999^3688 = 0.0249759; 0.99^367 = 0.0250102, 0.99^368 = 0.0247601.
  EXPECT_EQ(quantile_interval_ranks(3687, 0.999).second, 3688u);
  EXPECT_LE(quantile_interval_ranks(3688, 0.999).second, 3688u);
  EXPECT_EQ(quantile_interval_ranks(367, 0.99).second, 368u);
  EXPECT_LE(quantile_interval_ranks(368, 0.99).second, 368u);
  EXPECT_EQ(quantile_interval_ranks(10, 0.99).second, 11u);
  // No values: nothing is known on either side.
  EXPECT_EQ(quantile_interval_ranks(0, 0.5), (std::pair<std::uint64_t, std::uint64_t>{0, 1}));
}

TEST(Confidence, QuantileRanksOfHugeCountsFollowTheNormalApproximation) {
  // Beyond 2^53 values Boost's binomial quantile search failed or never
  // ended (found by fuzz_state_file on a forged part). Binomial(n, p) is then
  // normal to far below one rank: the ranks are n p -+ 1.95996 sqrt(n p (1 - p)),
  // rounded outwards, the upper one past the last value below (+1).
  for (const double n : {1e16, 1e18, 1.8e19}) {
    for (const double p : {0.5, 0.95, 0.999}) {
      const auto [lower, upper] = quantile_interval_ranks(static_cast<std::uint64_t>(n), p);
      const double half = 1.959963985 * std::sqrt(n * p * (1.0 - p));
      EXPECT_NEAR(static_cast<double>(lower), n * p - half, 1e-12 * n) << n << " " << p;
      EXPECT_NEAR(static_cast<double>(upper), n * p + half, 1e-12 * n) << n << " " << p;
      EXPECT_LT(lower, upper);
    }
  }
  // Where the exact ranks hand over to the approximation, they agree to
  // within 10^-5 of the interval's half-width (measured: at most 23 ranks of
  // 1.6e7 at p = 0.5, the binomial search's own tolerance at n = 2^50).
  for (const double p : {0.5, 0.95, 0.99, 0.999}) {
    const auto exact = quantile_interval_ranks(kExactRanksLimit, p);
    const auto approximate = quantile_interval_ranks(kExactRanksLimit + 1, p);
    const double n = static_cast<double>(kExactRanksLimit);
    const double tolerance = 1e-5 * 1.959963985 * std::sqrt(n * p * (1.0 - p));
    EXPECT_NEAR(static_cast<double>(approximate.first), static_cast<double>(exact.first), tolerance) << p;
    EXPECT_NEAR(static_cast<double>(approximate.second), static_cast<double>(exact.second), tolerance) << p;
  }
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

TEST(Confidence, SectioningTakesTheSpreadAroundTheCentre) {
  // Values 1..4 around 2: squares 1 + 0 + 1 + 4 = 6, S = sqrt(6 / 3) = 1.4142,
  // wider than the batch-means sd 1.2910 by the offset of their mean 2.5.
  const auto ci = sectioning_interval(2.0, {1, 2, 3, 4});
  ASSERT_TRUE(ci.has_value());
  EXPECT_NEAR(ci->first, 2.0 - 3.182446305 * 1.414213562 / 2.0, 1e-8);
  EXPECT_NEAR(ci->second, 2.0 + 3.182446305 * 1.414213562 / 2.0, 1e-8);
  // Centred on the values' own mean it is the batch-means interval.
  const auto same = sectioning_interval(2.5, {1, 2, 3, 4});
  const auto batch = batch_interval(2.5, {1, 2, 3, 4});
  ASSERT_TRUE(same && batch);
  EXPECT_DOUBLE_EQ(same->second, batch->second);
  EXPECT_FALSE(sectioning_interval(1.0, {1.0}).has_value());
  EXPECT_FALSE(sectioning_interval(1.0, {1.0, NAN}).has_value());
  EXPECT_FALSE(sectioning_interval(NAN, {1.0, 2.0}).has_value());
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

StudyStatistics lognormal_study(std::uint64_t scenarios) {
  const auto loaded = test::load_ok(kLognormalShortfall);
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  StudyOptions options;
  options.scenarios = scenarios;
  options.backend.threads = 1;
  const StudyRun run = run_study(model, options, nullptr);
  return compute_statistics(run.accumulator, run.batches, model);
}

TEST(Confidence, NoCvarIntervalWhereBatchesHoldTooFewTailScenarios) {
  // 32 batches of 62.5 scenarios hold 3.1 beyond 0.95 and 0.6 beyond 0.99;
  // of 625, 31.25 and 6.25: only CVaR 0.95 at n = 20,000 reaches kMinBatchTail.
  const MetricStatistics small = lognormal_study(2000).metrics[0];
  EXPECT_FALSE(small.cvar_ci[0].has_value());
  EXPECT_FALSE(small.cvar_ci[1].has_value());
  const MetricStatistics larger = lognormal_study(20000).metrics[0];
  EXPECT_TRUE(larger.cvar_ci[0].has_value());
  EXPECT_FALSE(larger.cvar_ci[1].has_value());
}

TEST(Confidence, TheUpperBoundOfAQuantileBeyondTheSampleIsUnknown) {
  const MetricStatistics loss = lognormal_study(2000).metrics[0];
  ASSERT_EQ(kQuantileLevels[6], 0.999);
  EXPECT_TRUE(std::isfinite(loss.quantile_ci[6].first));
  EXPECT_LE(loss.quantile_ci[6].first, loss.quantiles[6].value);
  EXPECT_EQ(loss.quantile_ci[6].second, HUGE_VAL);  // not the sample maximum
  ASSERT_EQ(kQuantileLevels[4], 0.99);  // 2,000 > 367: both bounds known
  EXPECT_TRUE(std::isfinite(loss.quantile_ci[4].second));
  EXPECT_GE(loss.quantile_ci[4].second, loss.quantiles[4].value);
}

TEST(Confidence, APrecisionTargetNeverStopsOnAnUntrustedInterval) {
  // Any finite interval meets a target of 10^6: only the absence of one can
  // keep the study going, here to its limit.
  const auto loaded = test::load_ok(kLognormalShortfall);
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  StudyOptions options;
  options.scenarios = 2000;
  options.backend.threads = 1;
  options.target = PrecisionTarget{1e6, 4000, "loss_total", "cvar99"};
  const StudyRun run = run_study(model, options, nullptr);
  ASSERT_TRUE(run.target.has_value());
  EXPECT_FALSE(run.target->met);
  EXPECT_EQ(run.accumulator.count(), 4000u);
}

TEST(Confidence, TheImportanceSampledMeanIntervalIsStudentTOverTheBatches) {
  const auto loaded = test::load_ok(test::single_outage_model(0.1, 8, 52));
  CompiledModel model = CompiledModel::compile(loaded.scenario);
  model.set_importance({10.0});
  StudyOptions options;
  options.scenarios = 2000;
  options.batches = 4;
  options.backend.threads = 1;
  const StudyRun run = run_study(model, options, nullptr);
  const MetricStatistics loss = compute_statistics(run.accumulator, run.batches, model).metrics[0];
  ASSERT_GT(loss.se, 0.0);
  // t(0.975, 3) = 3.182446305 (tables), not z = 1.96.
  EXPECT_NEAR((loss.mean_ci.second - loss.mean_ci.first) / 2.0 / loss.se, 3.182446305, 1e-8);
  EXPECT_NEAR((loss.mean_ci.second + loss.mean_ci.first) / 2.0, loss.mean, 1e-9 * loss.mean);
}

TEST(Confidence, AnImportanceSampledQuantileIntervalIsCentredOnAnExactEstimate) {
  // q0.95 with 4 batches of 5,000 scenarios (250 beyond 0.95 each): the
  // sectioning interval around the study's quantile when the top-K list
  // holds it, around the mean of the batch quantiles when it comes from a
  // histogram bin (top-K 50), half-width t(0.975, 3) S / 2 either way.
  const auto loaded = test::load_ok(test::single_outage_model(0.1, 8, 52, 5.0, 0.3));
  CompiledModel model = CompiledModel::compile(loaded.scenario);
  model.set_importance({10.0});
  for (const std::size_t top_k : {std::size_t{50}, std::size_t{20000}}) {
    StudyOptions options;
    options.scenarios = 20000;
    options.batches = 4;
    options.top_k = top_k;
    options.backend.threads = 1;
    const StudyRun run = run_study(model, options, nullptr);
    const MetricStatistics loss = compute_statistics(run.accumulator, run.batches, model).metrics[0];
    const std::vector<double>& q = run.batches.quantiles[0][3];
    ASSERT_EQ(q.size(), 4u);
    const bool exact = loss.quantiles[3].exact;
    EXPECT_EQ(exact, top_k == 20000) << "top-K " << top_k;
    const double center = exact ? loss.quantiles[3].value : (q[0] + q[1] + q[2] + q[3]) / 4.0;
    double squares = 0.0;
    for (const double v : q) squares += (v - center) * (v - center);
    const double half = 3.182446305 * std::sqrt(squares / 3.0) / 2.0;
    EXPECT_NEAR((loss.quantile_ci[3].first + loss.quantile_ci[3].second) / 2.0, center, 1e-9 * center) << top_k;
    EXPECT_NEAR((loss.quantile_ci[3].second - loss.quantile_ci[3].first) / 2.0, half, 1e-7 * half) << top_k;
  }
}

}  // namespace
}  // namespace chokepoint
