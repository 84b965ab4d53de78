// The loguniform and discrete distributions of the grammar against answers
// derived by hand: their quantiles and means, the factor operand's quantile
// (the same inverse transform), and the engine's expected loss when an
// effect size follows them.
#include <gtest/gtest.h>

#include <cmath>

#include "compiled_model.hh"
#include "single_outage.hh"
#include "study_runner.hh"
#include "study_statistics.hh"
#include "test_support.hh"
#include "uncertain_factors.hh"

namespace chokepoint {
namespace {

DistSpec loguniform(double low, double high) {
  DistSpec d;
  d.dist.kind = DistKind::loguniform;
  d.dist.a = low;
  d.dist.b = high;
  return d;
}

/// values [5, 1, 3], weights [0.2, 0.5, 0.3]: cumulative 0.2, 0.7, 1.
DistSpec three_branches() {
  DistSpec d;
  d.dist.kind = DistKind::discrete;
  d.dist.n_values = 3;
  const double values[] = {5, 1, 3};
  const double cumulative[] = {0.2, 0.7, 1.0};
  for (int k = 0; k < 3; ++k) {
    d.dist.values[k] = values[k];
    d.dist.cumulative[k] = cumulative[k];
  }
  return d;
}

/// The mean of sample(d, u) over u ~ uniform(0, 1), by the midpoint rule on `cells` cells.
double mean_over_u(const Distribution& d, int cells) {
  double sum = 0.0;
  for (int i = 0; i < cells; ++i) sum += sample(d, (i + 0.5) / cells);
  return sum / cells;
}

TEST(Distribution, LoguniformQuantilesAndMean) {
  // Quantile at u: low (high/low)^u; 2 * 16^u for low 2, high 32.
  const Distribution d = compile_distribution(loguniform(2, 32));
  EXPECT_NEAR(sample(d, 0.25), 4.0, 1e-13);
  EXPECT_NEAR(sample(d, 0.5), 8.0, 1e-13);
  EXPECT_NEAR(sample(d, 0.75), 16.0, 1e-13);
  // Mean (high - low) / ln(high / low) = 30 / ln 16. Midpoint rule error on
  // 10^5 cells: (h^2 / 24) (f'(1) - f'(0)) = (1e-10 / 24) 30 ln 16 < 4e-10.
  EXPECT_NEAR(mean_over_u(d, 100000), 30.0 / std::log(16.0), 1e-8);
  // The factor operand's quantile is the same transform, and its ends are exact.
  EXPECT_EQ(operand_quantile(loguniform(2, 32), 0.5), sample(d, 0.5));
  EXPECT_EQ(operand_quantile(loguniform(2, 32), 0.0), 2.0);
  EXPECT_EQ(operand_quantile(loguniform(2, 32), 1.0), 32.0);
}

TEST(Distribution, DiscreteQuantileIsTheFirstValueWhoseCumulativeWeightReachesU) {
  const DistSpec spec = three_branches();
  const Distribution& d = spec.dist;
  EXPECT_EQ(sample(d, 1e-12), 5.0);
  EXPECT_EQ(sample(d, 0.2), 5.0);  // reaches 0.2 exactly
  EXPECT_EQ(sample(d, std::nextafter(0.2, 1.0)), 1.0);
  EXPECT_EQ(sample(d, 0.7), 1.0);
  EXPECT_EQ(sample(d, 0.71), 3.0);
  EXPECT_EQ(sample(d, 1 - 1e-12), 3.0);
  // Mean 0.2 * 5 + 0.5 * 1 + 0.3 * 3 = 2.4; the midpoint cells split exactly at 0.2 and 0.7.
  EXPECT_NEAR(mean_over_u(d, 1000), 2.4, 1e-12);
  EXPECT_EQ(operand_quantile(spec, 0.0), 5.0);
  EXPECT_EQ(operand_quantile(spec, 0.5), 1.0);
  EXPECT_EQ(operand_quantile(spec, 1.0), 3.0);
  // Clamped like every distribution.
  DistSpec clamped = spec;
  clamped.dist.max = 4.0;
  EXPECT_EQ(sample(clamped.dist, 0.1), 4.0);
}

/// The single-outage model (one week of outage at rate 3, demand 50 of
/// capacity 100) with `size` as the outage's capacity_loss: every week is a
/// Bernoulli(p) outage, p = 1 - e^{-3/52}, and an outage of size X loses
/// max(0, 50 - 100 (1 - X)), so E[loss_total] = 52 p E[max(0, 100 X - 50)].
double mean_loss_with_size(const std::string& size, std::uint64_t scenarios, double* se) {
  std::string text = test::single_outage_model(3.0, 1, 52);
  const std::string plain = R"("capacity_loss": 1)";
  text.replace(text.find(plain), plain.size(), R"("capacity_loss": )" + size);
  const LoadedScenario loaded = test::load_ok(text);
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  StudyOptions options;
  options.scenarios = scenarios;
  options.seed = 11;
  const StudyRun run = run_study(model, options, nullptr);
  const StudyStatistics stats = compute_statistics(run.accumulator, run.batches, model);
  for (const MetricStatistics& m : stats.metrics) {
    if (m.name != "loss_total") continue;
    *se = m.se;
    return m.mean;
  }
  ADD_FAILURE() << "no loss_total";
  return NAN;
}

TEST(Distribution, EffectSizesFollowTheNewKindsInTheEngine) {
  const double outage_weeks = 52.0 * (1.0 - std::exp(-3.0 / 52.0));
  double se = 0.0;
  // Discrete sizes 1, 0.75, 0.25 with weights 0.5, 0.3, 0.2: losses 50, 25, 0 per outage week.
  const double discrete = mean_loss_with_size(
      R"({"dist": "discrete", "values": [1, 0.75, 0.25], "weights": [0.5, 0.3, 0.2]})", 100000, &se);
  EXPECT_NEAR(discrete, outage_weeks * (0.5 * 50 + 0.3 * 25), 4 * se);  // 4 standard errors
  // Loguniform(0.5, 1) sizes: E[100 X - 50] = 100 * 0.5 / ln 2 - 50 per outage week.
  const double log_uniform = mean_loss_with_size(R"({"dist": "loguniform", "low": 0.5, "high": 1})", 100000, &se);
  EXPECT_NEAR(log_uniform, outage_weeks * (50.0 / std::log(2.0) - 50.0), 4 * se);
}

}  // namespace
}  // namespace chokepoint
