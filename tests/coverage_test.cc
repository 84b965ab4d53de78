// Coverage of the 95% intervals (docs/RESULTS.md, "Confidence intervals"):
// many seeded studies of models whose answers are known exactly, counting
// how often each interval holds the answer. Seeds 1..R, so the counts are
// the same on every run and machine.
//
// Acceptance: with R = 200 studies a method that covers exactly 95% gives a
// count with binomial standard error 1.5%. The band [91%, 98%] reaches 2.6
// standard errors below and 2 above, and still fails the defects it guards
// against (CVaR 0.99 covering 79.5%, quantile 0.999 covering 88.5%).
// Quantile and VaR intervals are distribution-free with ranks rounded
// outwards, and an unknown bound covers its side always: they promise at
// least 95%, so for them only the floor applies.
//
// n = 2,000 and 20,000 run in CI; n = 200,000 runs when the environment
// sets CHOKEPOINT_COVERAGE_FULL=1 (scripts/test --full).
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "single_outage.hh"
#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

constexpr int kReplications = 200;
constexpr double kFloor = 0.91;
constexpr double kCeiling = 0.98;

// Quantile levels checked: 0.95 and beyond, where the top-K list makes
// every bound an exact order statistic (below it bounds come from histogram
// bins) and both models' distributions are continuous.
constexpr std::size_t kFirstLevel = 3;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double normal_quantile(double p) { return boost::math::quantile(boost::math::normal_distribution<double>(), p); }

/// The exact answers for loss_total.
struct Truth {
  double mean = 0.0;
  std::vector<double> quantiles;  // at kQuantileLevels (from kFirstLevel on)
  std::vector<double> cvar;       // at kTailLevels
};

// One node, base demand 100 with a lognormal level m (sigma 0.5), capacity
// 60, no events: it is short by max(0, 100 m - 60) every week, so loss_total
// is 52 max(0, 100 m - 60).
const double kSigma = 0.5;
const char* kLognormal = R"({"format": "chokepoint/1", "name": "lognormal", "horizon_weeks": 52,
  "nodes": [{"id": "n", "sector": "s", "capacity": 60, "unit_value": 1,
             "final_demand": {"base": 100, "volatility": 0.5}}]})";

Truth lognormal_truth() {
  // m = exp(sigma Z - sigma^2 / 2) > k  <=>  Z > z(k) = (ln k + sigma^2 / 2) / sigma,
  // and E[m; Z > z] = Phi(sigma - z).
  const double s = kSigma;
  Truth t;
  const double z0 = (std::log(0.6) + s * s / 2) / s;
  t.mean = 52.0 * (100.0 * normal_cdf(s - z0) - 60.0 * (1.0 - normal_cdf(z0)));
  for (const double p : kQuantileLevels) t.quantiles.push_back(52.0 * (100.0 * std::exp(s * normal_quantile(p) - s * s / 2) - 60.0));
  for (const double a : kTailLevels) t.cvar.push_back(52.0 * (100.0 * normal_cdf(s - normal_quantile(a)) / (1.0 - a) - 60.0));
  return t;
}

// The single outage (0.1 a year, 8 weeks) with demand 5 m, m lognormal
// (sigma 0.3): loss_total is 5 m W, W the weeks of outage (dynamic
// programme) independent of m.
const double kOutageSigma = 0.3;

Truth outage_truth() {
  const std::vector<double> dist = test::weeks_short_distribution(0.1, 8, 52);
  const double s = kOutageSigma;
  // z of m above x / (5 w).
  const auto z = [s](double x, std::size_t w) { return (std::log(x / (5.0 * static_cast<double>(w))) + s * s / 2) / s; };
  const auto cdf = [&](double x) {
    double f = dist[0];
    for (std::size_t w = 1; w < dist.size(); ++w) f += dist[w] * normal_cdf(z(x, w));
    return f;
  };
  Truth t;
  for (std::size_t w = 0; w < dist.size(); ++w) t.mean += 5.0 * static_cast<double>(w) * dist[w];
  for (const double p : kQuantileLevels) {
    double lo = 0.0;
    double hi = 5.0 * 52.0 * std::exp(12.0 * s);
    for (int i = 0; i < 200; ++i) (cdf(0.5 * (lo + hi)) < p ? lo : hi) = 0.5 * (lo + hi);
    t.quantiles.push_back(hi);
  }
  for (std::size_t i = 0; i < std::size(kTailLevels); ++i) {
    // The answer is continuous at the quantile: the tail holds 1 - alpha.
    const double q = t.quantiles[kFirstLevel + (i == 0 ? 0 : 1)];
    double above = 0.0;
    for (std::size_t w = 1; w < dist.size(); ++w) above += dist[w] * 5.0 * static_cast<double>(w) * normal_cdf(s - z(q, w));
    t.cvar.push_back(above / (1.0 - kTailLevels[i]));
  }
  return t;
}

struct Tally {
  int given = 0;
  int covered = 0;
  bool one_sided = false;  // some interval had an unknown bound (reported)
};

void tally(Tally& t, const std::optional<Interval>& ci, double truth) {
  if (!ci || (!std::isfinite(ci->first) && !std::isfinite(ci->second))) return;  // no interval
  ++t.given;
  if (!std::isfinite(ci->first) || !std::isfinite(ci->second)) t.one_sided = true;
  if (ci->first <= truth && truth <= ci->second) ++t.covered;
}

/// `at_least`: the interval promises at least 95% (no ceiling).
void expect_coverage(const Tally& t, const std::string& what, bool at_least) {
  if (t.given == 0) {
    std::printf("coverage %s: no interval\n", what.c_str());
    return;
  }
  EXPECT_EQ(t.given, kReplications) << what << ": an interval in some studies only";
  const double c = static_cast<double>(t.covered) / t.given;
  std::printf("coverage %s: %.3f of %d%s\n", what.c_str(), c, t.given, t.one_sided ? " (one bound unknown)" : "");
  EXPECT_GE(c, kFloor) << what;
  if (!at_least) {
    EXPECT_LE(c, kCeiling) << what;
  }
}

/// Run kReplications studies of n scenarios and check every interval of loss_total.
void check_coverage(const CompiledModel& model, const Truth& truth, std::uint64_t n, const std::string& name) {
  Tally mean;
  std::vector<Tally> quantile(std::size(kQuantileLevels));
  std::vector<Tally> var(std::size(kTailLevels));
  std::vector<Tally> cvar(std::size(kTailLevels));
  for (int seed = 1; seed <= kReplications; ++seed) {
    StudyOptions options;
    options.scenarios = n;
    options.seed = static_cast<std::uint64_t>(seed);
    options.backend.threads = 1;
    const StudyRun run = run_study(model, options, nullptr);
    const StudyStatistics stats = compute_statistics(run.accumulator, run.batches, model);
    const MetricStatistics& loss = stats.metrics[0];
    ASSERT_EQ(loss.name, "loss_total");
    tally(mean, loss.mean_ci, truth.mean);
    for (std::size_t i = kFirstLevel; i < quantile.size(); ++i) tally(quantile[i], loss.quantile_ci[i], truth.quantiles[i]);
    for (std::size_t i = 0; i < cvar.size(); ++i) {
      tally(var[i], loss.var_ci[i], truth.quantiles[kFirstLevel + (i == 0 ? 0 : 1)]);
      tally(cvar[i], loss.cvar_ci[i], truth.cvar[i]);
    }
  }
  const std::string at = fmt::format("{} n={}", name, n);
  // Batch quantiles (importance sampling) promise 95%, not at least 95%.
  const bool distribution_free = model.importance_factors().empty();
  expect_coverage(mean, at + " mean", false);
  for (std::size_t i = kFirstLevel; i < quantile.size(); ++i) {
    expect_coverage(quantile[i], fmt::format("{} q{}", at, kQuantileLevels[i]), distribution_free);
  }
  for (std::size_t i = 0; i < cvar.size(); ++i) {
    expect_coverage(var[i], fmt::format("{} VaR{}", at, kTailLevels[i]), distribution_free);
    expect_coverage(cvar[i], fmt::format("{} CVaR{}", at, kTailLevels[i]), false);
  }
}

class Coverage : public ::testing::TestWithParam<std::uint64_t> {
 protected:
  void SetUp() override {
    const char* full = std::getenv("CHOKEPOINT_COVERAGE_FULL");
    if (GetParam() > 20000 && (full == nullptr || std::string(full) != "1")) {
      GTEST_SKIP() << "n = " << GetParam() << " runs with CHOKEPOINT_COVERAGE_FULL=1 (scripts/test --full)";
    }
  }
};

TEST_P(Coverage, PlainMonteCarloOnTheLognormalShortfall) {
  const auto loaded = test::load_ok(kLognormal);
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  check_coverage(model, lognormal_truth(), GetParam(), "lognormal");
}

TEST_P(Coverage, ImportanceSamplingOnTheSingleOutage) {
  const auto loaded = test::load_ok(test::single_outage_model(0.1, 8, 52, 5.0, kOutageSigma));
  CompiledModel model = CompiledModel::compile(loaded.scenario);
  model.set_importance({10.0});
  check_coverage(model, outage_truth(), GetParam(), "outage, importance x10");
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Coverage, ::testing::Values(2000, 20000, 200000));

}  // namespace
}  // namespace chokepoint
