// The model against answers computed independently: a dynamic programme for
// a single node with one event, and a hand-computed two-node trajectory.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "replay.hh"
#include "single_outage.hh"
#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

using test::single_outage_model;
using test::upper_tail_mean;
using test::weeks_short_distribution;

TEST(Analytic, SingleNodeWeeksLostMatchDynamicProgramme) {
  const double rate = 3.0;
  const int d = 5;
  const int weeks = 52;
  const std::vector<double> dist = weeks_short_distribution(rate, d, weeks);
  double mean = 0.0;
  double second = 0.0;
  for (std::size_t w = 0; w < dist.size(); ++w) {
    mean += static_cast<double>(w) * dist[w];
    second += static_cast<double>(w * w) * dist[w];
  }
  const auto loaded = test::load_ok(single_outage_model(rate, d, weeks));
  const CompiledModel model = CompiledModel::compile(loaded.scenario);
  StudyOptions options;
  options.scenarios = 200000;
  options.seed = 2026;
  const StudyRun run = run_study(model, options, nullptr);
  const StudyStatistics stats = compute_statistics(run.accumulator, run.batches, model);
  const MetricStatistics* weeks_short = nullptr;
  const MetricStatistics* loss = nullptr;
  for (const auto& m : stats.metrics) {
    if (m.name == "weeks_short.s") weeks_short = &m;
    if (m.name == "loss_total") loss = &m;
  }
  ASSERT_NE(weeks_short, nullptr);
  ASSERT_NE(loss, nullptr);

  const double n = static_cast<double>(options.scenarios);
  const double se = std::sqrt((second - mean * mean) / n);
  EXPECT_NEAR(weeks_short->mean, mean, 4.0 * se);
  EXPECT_NEAR(loss->mean, 50.0 * mean, 4.0 * 50.0 * se);
  EXPECT_NEAR(weeks_short->sd, std::sqrt(second - mean * mean), 0.02 * std::sqrt(second - mean * mean));

  // Quantiles exactly, at every level whose true quantile is unambiguous at
  // this sample size: F(x-1) and F(x) at least 5 standard errors away.
  int checked = 0;
  for (std::size_t i = 0; i < std::size(kQuantileLevels); ++i) {
    const double q = kQuantileLevels[i];
    const double margin = 5.0 * std::sqrt(q * (1.0 - q) / n);
    double cdf = 0.0;
    std::size_t x = 0;
    for (; x < dist.size(); ++x) {
      if (cdf + dist[x] >= q) break;
      cdf += dist[x];
    }
    if (q - cdf < margin || cdf + dist[x] - q < margin) continue;
    EXPECT_EQ(weeks_short->quantiles[i].value, static_cast<double>(x)) << "quantile " << q;
    EXPECT_TRUE(weeks_short->quantiles[i].exact);
    ++checked;
  }
  EXPECT_GE(checked, 4);
  EXPECT_NEAR(weeks_short->p_positive, 1.0 - dist[0], 5.0 * std::sqrt(dist[0] * (1.0 - dist[0]) / n));
}

// A supplier A and a customer B (demand 10, three weeks of inventory, refill
// rate 0.25). A stress test takes all of A's capacity in weeks 2-6.
const std::string kChain = R"({"format": "chokepoint/1", "name": "chain", "horizon_weeks": 12,
  "nodes": [
    {"id": "a", "sector": "s", "capacity": 100, "unit_value": 0},
    {"id": "b", "sector": "s", "capacity": 100, "unit_value": 1, "final_demand": {"base": 10},
     "inputs": [{"name": "part", "per_unit": 1, "inventory_weeks": 3, "suppliers": [{"node": "a", "share": 1}]}]}],
  "events": [{"id": "cut", "annual_rate": 0, "duration_weeks": 1, "recovery_weeks": 0,
              "effects": [{"node": "a", "capacity_loss": 0.2}]}],
  "stress_tests": [{"id": "outage", "force": [{"event": "cut", "start_week": 2, "duration_weeks": 5, "capacity_loss": 1}]}]})";

TEST(Analytic, TwoNodeChainTrajectory) {
  // By hand: B draws its 30 units of stock down by 10 a week from week 2 while
  // its orders (10 plus a quarter of the stock gap) go unfilled; the stock is
  // empty after week 4, so weeks 5 and 6 are short by the whole demand; A is
  // back in week 7 and fills B's order of 17.5.
  const auto loaded = test::load_ok(kChain);
  const CompiledModel model = CompiledModel::compile(loaded.scenario, &loaded.scenario.stress_tests[0]);
  const Trace trace = replay_scenario(model, 1, 0);
  const double expected[12] = {0, 0, 0, 0, 0, 10, 10, 0, 0, 0, 0, 0};
  ASSERT_EQ(trace.weeks.size(), 12u);
  for (std::size_t t = 0; t < 12; ++t) {
    EXPECT_EQ(trace.weeks[t].shortfall[1], expected[t]) << "week " << t;
    EXPECT_EQ(trace.weeks[t].capacity_factor[0], t >= 2 && t <= 6 ? 0.0 : 1.0) << "week " << t;
  }
  EXPECT_EQ(trace.outputs[MetricLayout::loss_total], 20.0);
  EXPECT_EQ(trace.outputs[model.sizes().layout.sector_weeks_short(0)], 2.0);
  EXPECT_EQ(trace.outputs[model.sizes().layout.event_starts(0)], 1.0);
}

TEST(Analytic, RecoveryProfile) {
  // A partial loss of 0.6 for 5 weeks with 2 recovery weeks: capacity 40%,
  // then 1 - 0.6 * (1 - k/3) = 60% and 80%, then back to full.
  const std::string model_text = [] {
    std::string t = kChain;
    t.replace(t.find(R"("recovery_weeks": 0)"), 19, R"("recovery_weeks": 2)");
    t.replace(t.find(R"("capacity_loss": 1})"), 19, R"("capacity_loss": 0.6})");
    return t;
  }();
  const auto loaded = test::load_ok(model_text);
  const CompiledModel model = CompiledModel::compile(loaded.scenario, &loaded.scenario.stress_tests[0]);
  const Trace trace = replay_scenario(model, 1, 0);
  const double factor[12] = {1, 1, 0.4, 0.4, 0.4, 0.4, 0.4, 0.6, 0.8, 1, 1, 1};
  for (std::size_t t = 0; t < 12; ++t) EXPECT_NEAR(trace.weeks[t].capacity_factor[0], factor[t], 1e-15) << t;
  EXPECT_EQ(trace.weeks[7].event_profile[0], 1.0 - 1.0 / 3.0);
  EXPECT_EQ(trace.outputs[MetricLayout::loss_total], 0.0);  // 40 units a week still cover B's orders
}

// Two suppliers whose shares sum to 1.0000009 (accepted: within 1e-6 of 1)
// serve a customer without inventory; a stress test stops both in weeks 2-6.
// The shares are renormalised on loading, so the customer then receives
// nothing, and is short by exactly its demand: never more.
const std::string kTwoSuppliers = R"({"format": "chokepoint/1", "name": "shares", "horizon_weeks": 10,
  "nodes": [
    {"id": "a1", "sector": "s", "capacity": 100, "unit_value": 0},
    {"id": "a2", "sector": "s", "capacity": 100, "unit_value": 0},
    {"id": "b", "sector": "s", "capacity": 100, "unit_value": 1, "final_demand": {"base": 10},
     "inputs": [{"name": "part", "per_unit": 1, "inventory_weeks": 0,
                 "suppliers": [{"node": "a1", "share": 0.5}, {"node": "a2", "share": 0.5000009}]}]}],
  "events": [{"id": "cut", "annual_rate": 0, "duration_weeks": 1, "recovery_weeks": 0,
              "effects": [{"node": "a1", "capacity_loss": 1}, {"node": "a2", "capacity_loss": 1}]}],
  "stress_tests": [{"id": "both", "force": [{"event": "cut", "start_week": 2, "duration_weeks": 5}]}]})";

TEST(Analytic, SupplierSharesAreRenormalisedSoShortfallNeverExceedsDemand) {
  const auto loaded = test::load_ok(kTwoSuppliers);
  const auto& suppliers = loaded.scenario.nodes[2].inputs[0].suppliers;
  EXPECT_NEAR(suppliers[0].share + suppliers[1].share, 1.0, 1e-15);
  const CompiledModel model = CompiledModel::compile(loaded.scenario, &loaded.scenario.stress_tests[0]);
  std::size_t b = 0;
  while (model.node_file_index()[b] != 2) ++b;
  const Trace trace = replay_scenario(model, 1, 0);
  ASSERT_EQ(trace.weeks.size(), 10u);
  for (std::size_t t = 0; t < 10; ++t) {
    const double shortfall = trace.weeks[t].shortfall[b];
    EXPECT_LE(shortfall, 10.0) << "week " << t;
    if (t >= 2 && t <= 6) {
      EXPECT_NEAR(shortfall, 10.0, 1e-12) << "week " << t;
    } else {
      EXPECT_EQ(shortfall, 0.0) << "week " << t;
    }
  }
  EXPECT_LE(trace.outputs[MetricLayout::loss_total], 50.0);
}

const MetricStatistics& metric_named(const StudyStatistics& stats, const std::string& name) {
  for (const auto& m : stats.metrics) {
    if (m.name == name) return m;
  }
  throw std::runtime_error("no output " + name);
}

// A rare outage (0.1 a year: about one year in ten has one) sampled ten
// times as often: the weighted estimates must match the dynamic programme,
// and the interval of the tail must be much narrower than plain Monte
// Carlo's with the same number of scenarios.
TEST(Analytic, ImportanceSamplingIsUnbiasedOnTheSingleNodeModel) {
  const double rate = 0.1;
  const int d = 8;
  const int weeks = 52;
  const std::vector<double> dist = weeks_short_distribution(rate, d, weeks);
  double mean = 0.0;
  for (std::size_t w = 0; w < dist.size(); ++w) mean += static_cast<double>(w) * dist[w];
  const double cvar99 = upper_tail_mean(dist, 0.99);

  const auto loaded = test::load_ok(single_outage_model(rate, d, weeks));
  CompiledModel plain = CompiledModel::compile(loaded.scenario);
  CompiledModel sampled = CompiledModel::compile(loaded.scenario);
  sampled.set_importance({10.0});
  StudyOptions options;
  options.scenarios = 100000;  // batches of 3,125 hold 31 scenarios beyond 0.99: a CVaR 0.99 interval
  options.seed = 7;
  const auto statistics = [&](const CompiledModel& model) {
    const StudyRun run = run_study(model, options, nullptr);
    return compute_statistics(run.accumulator, run.batches, model);
  };
  const StudyStatistics weighted = statistics(sampled);
  const MetricStatistics& short_weeks = metric_named(weighted, "weeks_short.s");
  EXPECT_NEAR(short_weeks.mean, mean, 4.0 * short_weeks.se);
  EXPECT_LT(short_weeks.se, 0.05 * mean);  // the batch-means error is a real one
  EXPECT_NEAR(short_weeks.p_positive, 1.0 - dist[0], 0.03 * (1.0 - dist[0]));
  ASSERT_TRUE(short_weeks.cvar_ci[1].has_value());
  const auto [low, high] = *short_weeks.cvar_ci[1];
  EXPECT_NEAR(short_weeks.cvar[1].value, cvar99, high - low) << "95% interval [" << low << ", " << high << "]";
  ASSERT_TRUE(weighted.importance.has_value());
  EXPECT_GT(weighted.importance->effective_sample_size, 0.1 * 100000);
  EXPECT_LT(weighted.importance->effective_sample_size, 100000);

  const StudyStatistics unweighted = statistics(plain);
  const MetricStatistics& plain_short = metric_named(unweighted, "weeks_short.s");
  ASSERT_TRUE(plain_short.cvar_ci[1].has_value());
  const double plain_width = plain_short.cvar_ci[1]->second - plain_short.cvar_ci[1]->first;
  EXPECT_LT(high - low, 0.5 * plain_width) << "importance " << high - low << " plain " << plain_width;
}

}  // namespace
}  // namespace chokepoint
