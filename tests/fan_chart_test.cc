// The weekly fan charts against closed-form answers: the share of scenarios
// short each week and the percentiles of the shortfall ratio among them.
//
// The models have one node (capacity 100, final demand 50, no inputs) and
// one event that takes a share L of its capacity. In a week the event is
// active, output is min(100 (1 - L), 50), so the shortfall ratio is
// max(0, 2 L - 1); in every other week it is zero. The event lasts d weeks
// with no recovery and, once idle, starts in each week with probability
// p = 1 - exp(-rate / 52) (docs/MODEL.md), so the share short in week t is
// the probability that the event is active then: a Markov chain over the
// weeks left to run.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <utility>
#include <string>
#include <vector>

#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

constexpr double kBinWidth = 0.005;  // the fan charts' ratio bins (docs/RESULTS.md)

/// The model above; `loss` is the capacity_loss as JSON (a number or a distribution).
std::string outage_model(double rate, int d, const std::string& loss) {
  return fmt::format(R"({{"format": "chokepoint/1", "name": "fan", "horizon_weeks": 52,
    "nodes": [{{"id": "n", "sector": "s", "capacity": 100, "unit_value": 1, "final_demand": {{"base": 50}}}}],
    "events": [{{"id": "outage", "annual_rate": {}, "duration_weeks": {}, "recovery_weeks": 0,
                "effects": [{{"node": "n", "capacity_loss": {}}}]}}]}})",
                     rate, d, loss);
}

/// P(the event is active in week t), t = 0..weeks-1.
std::vector<double> active_probability(double rate, int d, int weeks) {
  const double p = 1.0 - std::exp(-rate / 52.0);
  // left[k]: probability that k active weeks are left after the previous week.
  std::vector<double> left(static_cast<std::size_t>(d), 0.0);
  left[0] = 1.0;
  std::vector<double> active;
  for (int t = 0; t < weeks; ++t) {
    std::vector<double> next(left.size(), 0.0);
    const double starts = left[0] * p;
    double a = starts;
    for (std::size_t k = 1; k < left.size(); ++k) {
      a += left[k];
      next[k - 1] += left[k];
    }
    next[static_cast<std::size_t>(d) - 1] += starts;
    next[0] += left[0] * (1.0 - p);
    active.push_back(a);
    left = std::move(next);
  }
  return active;
}

StudyStatistics study(const CompiledModel& model, std::uint64_t scenarios, std::uint64_t seed) {
  StudyOptions options;
  options.scenarios = scenarios;
  options.seed = seed;
  const StudyRun run = run_study(model, options, nullptr);
  return compute_statistics(run.accumulator, run.batches, model);
}

TEST(FanChart, ActiveProbabilityIsTheShareOfTheStationaryChain) {
  // The helper itself: week 0 is short with probability p, week 1 with
  // p + (1 - p) p (a start in week 0 or 1), and the long-run share of a
  // three-week event is 3 p / (1 + 2 p) (a renewal cycle of 1/p idle weeks
  // on average, less one because the start week is active, plus 3 active).
  const double p = 1.0 - std::exp(-8.0 / 52.0);
  const std::vector<double> a = active_probability(8.0, 3, 400);
  EXPECT_NEAR(a[0], p, 1e-15);
  EXPECT_NEAR(a[1], p + (1.0 - p) * p, 1e-15);
  EXPECT_NEAR(a[399], 3.0 * p / (1.0 + 2.0 * p), 1e-12);
}

// Sizes uniform on [0.5, 1]: the ratio 2 L - 1 of a short week is uniform on
// (0, 1), so its percentile at q among the scenarios short that week is q.
// Over all scenarios, the percentile at q > 1 - a_t is 1 - (1 - q) / a_t.
TEST(FanChart, ConditionalPercentilesAndShareMatchTheUniformSizeModel) {
  const double rate = 8.0;
  const int d = 3;
  const auto loaded = test::load_ok(outage_model(rate, d, R"({"dist": "uniform", "low": 0.5, "high": 1})"));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  const std::uint64_t n = 60000;
  const StudyStatistics stats = study(model, n, 2026);
  ASSERT_EQ(stats.fan_charts.size(), 1U);
  const FanChart& fan = stats.fan_charts[0];
  const std::vector<double> a = active_probability(rate, d, 52);
  ASSERT_EQ(fan.p_short.size(), a.size());
  const auto nn = static_cast<double>(n);
  for (std::size_t t = 0; t < a.size(); ++t) {
    // The share: a binomial proportion, within 5 standard errors.
    EXPECT_NEAR(fan.p_short[t], a[t], 5.0 * std::sqrt(a[t] * (1.0 - a[t]) / nn)) << "week " << t;
    // A percentile is reported at its bin's midpoint (within half a bin)
    // and the sample percentile of m uniforms is within 5 sqrt(q (1 - q) / m)
    // of q.
    const double m = nn * a[t];
    const double levels[] = {0.5, 0.9, 0.99};
    const double conditional[] = {fan.q50_short[t], fan.q90_short[t], fan.q99_short[t]};
    const double overall[] = {fan.q50[t], fan.q90[t], fan.q99[t]};
    for (std::size_t i = 0; i < 3; ++i) {
      const double q = levels[i];
      EXPECT_NEAR(conditional[i], q, kBinWidth / 2 + 5.0 * std::sqrt(q * (1.0 - q) / m)) << "week " << t << " q" << q;
      if (q < 1.0 - a[t] - 5.0 * std::sqrt(a[t] * (1.0 - a[t]) / nn)) {
        EXPECT_EQ(overall[i], 0.0) << "week " << t << " q" << q;  // more than q of the scenarios are not short
      } else if (q > 1.0 - a[t] + 5.0 * std::sqrt(a[t] * (1.0 - a[t]) / nn)) {
        // Density a_t of the ratio on (0, 1): the sample quantile's error is sqrt(q (1 - q) / n) / a_t.
        EXPECT_NEAR(overall[i], 1.0 - (1.0 - q) / a[t], kBinWidth / 2 + 5.0 * std::sqrt(q * (1.0 - q) / nn) / a[t])
            << "week " << t << " q" << q;
      }
    }
  }
}

// The demo model's case: shortfalls in fewer than 1% of scenarios per week,
// so every percentile over all scenarios is zero, while among the scenarios
// short that week the ratio is the fixed 2 L - 1 = 0.622 (in the bin
// (0.620, 0.625], reported at its midpoint 0.6225).
TEST(FanChart, RareShortfallsShowOnlyAmongTheScenariosShortThatWeek) {
  const double rate = 0.2;
  const double p = 1.0 - std::exp(-rate / 52.0);
  const auto loaded = test::load_ok(outage_model(rate, 1, "0.811"));
  const std::uint64_t n = 50000;
  const auto nn = static_cast<double>(n);
  CompiledModel plain = CompiledModel::compile(loaded.scenario);
  const FanChart fan = study(plain, n, 5).fan_charts.at(0);
  for (std::size_t t = 0; t < 52; ++t) {
    EXPECT_EQ(fan.q99[t], 0.0) << "week " << t;
    EXPECT_NEAR(fan.p_short[t], p, 5.0 * std::sqrt(p * (1.0 - p) / nn)) << "week " << t;
    EXPECT_EQ(fan.q50_short[t], 0.6225) << "week " << t;
    EXPECT_EQ(fan.q99_short[t], 0.6225) << "week " << t;
  }

  // With importance sampling (starts f = 5 times as likely), the share is
  // the weighted one. A one-week event is idle at the start of every week,
  // so the weight of week t is a product of t + 1 independent factors,
  // p / p' on a start and (1 - p) / (1 - p') otherwise, with
  // p' = 1 - exp(-f rate / 52) the sampled probability. The self-normalised
  // share has variance E'[w^2 (1short - p)^2] / n =
  // M^t ((1 - p)^2 p^2 / p' + p^2 (1 - p)^2 / (1 - p')) / n, M = p^2 / p' + (1 - p)^2 / (1 - p').
  const double f = 5.0;
  const double sampled = 1.0 - std::exp(-f * rate / 52.0);
  const double second = p * p / sampled + (1.0 - p) * (1.0 - p) / (1.0 - sampled);
  const double own = (1.0 - p) * (1.0 - p) * p * p / sampled + p * p * (1.0 - p) * (1.0 - p) / (1.0 - sampled);
  CompiledModel weighted = plain;
  weighted.set_importance({f});
  const FanChart wfan = study(weighted, n, 5).fan_charts.at(0);
  for (std::size_t t = 0; t < 52; ++t) {
    const double se = std::sqrt(std::pow(second, static_cast<double>(t)) * own / nn);
    EXPECT_NEAR(wfan.p_short[t], p, 5.0 * se) << "week " << t;
    EXPECT_EQ(wfan.q50_short[t], 0.6225) << "week " << t;
    EXPECT_EQ(wfan.q99_short[t], 0.6225) << "week " << t;
  }
}

// A sector never short: its share is zero and it has no conditional
// percentiles (NaN, null in results.json).
TEST(FanChart, NeverShortHasZeroShareAndNoConditionalPercentiles) {
  const auto loaded = test::load_ok(outage_model(0.0, 1, "1"));
  const FanChart fan = study(CompiledModel::compile(loaded.scenario), 1000, 1).fan_charts.at(0);
  for (std::size_t t = 0; t < 52; ++t) {
    EXPECT_EQ(fan.p_short[t], 0.0);
    EXPECT_TRUE(std::isnan(fan.q50_short[t]));
    EXPECT_TRUE(std::isnan(fan.q99_short[t]));
  }
}

// The new fields are byte-identical whatever the thread count and chunk
// size (and backend, when Kokkos is built), and present in results.json.
TEST(FanChart, ConditionalFieldsAreTheSameBytesOnEveryThreadCountAndBackend) {
  const auto loaded = test::load_ok(outage_model(8.0, 3, R"({"dist": "uniform", "low": 0.5, "high": 1})"));
  CompiledModel model = CompiledModel::compile(loaded.scenario);
  model.set_importance({2.0});
  StudyOptions options;
  options.scenarios = 9000;
  options.seed = 3;
  options.backend.threads = 1;
  const std::string one = test::results_json_text(model, loaded.scenario, options);
  for (const auto& [threads, chunk] : {std::pair<int, std::uint64_t>{2, 777}, std::pair<int, std::uint64_t>{3, 64}}) {
    options.backend.threads = threads;
    options.chunk_size = chunk;
    EXPECT_EQ(test::results_json_text(model, loaded.scenario, options), one) << threads << " threads";
  }
#ifdef CHOKEPOINT_HAVE_KOKKOS
  options.backend.name = "kokkos";
  EXPECT_EQ(test::results_json_text(model, loaded.scenario, options), one) << "kokkos";
#endif
  for (const char* field : {"\"p_short\": [0.1", "\"q50_short\": [0.", "\"q90_short\": [0.", "\"q99_short\": [0."}) {
    EXPECT_NE(one.find(field), std::string::npos) << field;
  }
}

}  // namespace
}  // namespace chokepoint
