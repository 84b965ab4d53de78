// The model against answers computed independently: a dynamic programme for
// a single node with one event, and a hand-computed two-node trajectory.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "replay.hh"
#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

// One node, demand 50 of capacity 100; one event that takes all capacity for
// exactly `d` weeks (no recovery) at a constant rate. The sector is short in
// exactly the weeks the event is active.
std::string single_node_model(double rate, int d, int weeks) {
  return R"({"format": "chokepoint/1", "name": "single", "horizon_weeks": )" + std::to_string(weeks) + R"(,
    "nodes": [{"id": "n", "sector": "s", "capacity": 100, "unit_value": 1, "final_demand": {"base": 50}}],
    "events": [{"id": "outage", "annual_rate": )" + std::to_string(rate) + R"(, "duration_weeks": )" + std::to_string(d) +
         R"(, "effects": [{"node": "n", "capacity_loss": 1}]}]})";
}

/// P(weeks short = w) by dynamic programming over (week, remaining active weeks).
std::vector<double> weeks_short_distribution(double rate, int d, int weeks) {
  const double p = 1.0 - std::exp(-rate / 52.0);
  // prob[k][w]: remaining active weeks k after this week, w active weeks so far.
  std::vector<std::vector<double>> prob(static_cast<std::size_t>(d), std::vector<double>(static_cast<std::size_t>(weeks) + 1, 0.0));
  prob[0][0] = 1.0;
  for (int t = 0; t < weeks; ++t) {
    std::vector<std::vector<double>> next(prob.size(), std::vector<double>(prob[0].size(), 0.0));
    for (int k = 0; k < d; ++k) {
      for (int w = 0; w < weeks; ++w) {
        const double q = prob[static_cast<std::size_t>(k)][static_cast<std::size_t>(w)];
        if (q == 0.0) continue;
        if (k > 0) {  // active this week
          next[static_cast<std::size_t>(k - 1)][static_cast<std::size_t>(w + 1)] += q;
        } else {  // idle: starts with probability p, then active d weeks including this one
          next[static_cast<std::size_t>(d - 1)][static_cast<std::size_t>(w + 1)] += q * p;
          next[0][static_cast<std::size_t>(w)] += q * (1.0 - p);
        }
      }
    }
    prob = std::move(next);
  }
  std::vector<double> dist(static_cast<std::size_t>(weeks) + 1, 0.0);
  for (const auto& row : prob) {
    for (std::size_t w = 0; w < row.size(); ++w) dist[w] += row[w];
  }
  return dist;
}

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
  const auto loaded = test::load_ok(single_node_model(rate, d, weeks));
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

/// Mean of the top 1 - alpha of a distribution over whole numbers.
double upper_tail_mean(const std::vector<double>& dist, double alpha) {
  double need = 1.0 - alpha;
  double sum = 0.0;
  for (std::size_t w = dist.size(); w-- > 0 && need > 0.0;) {
    const double take = std::min(dist[w], need);
    sum += take * static_cast<double>(w);
    need -= take;
  }
  return sum / (1.0 - alpha);
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

  const auto loaded = test::load_ok(single_node_model(rate, d, weeks));
  CompiledModel plain = CompiledModel::compile(loaded.scenario);
  CompiledModel sampled = CompiledModel::compile(loaded.scenario);
  sampled.set_importance({10.0});
  StudyOptions options;
  options.scenarios = 20000;
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
  EXPECT_GT(weighted.importance->effective_sample_size, 0.1 * 20000);
  EXPECT_LT(weighted.importance->effective_sample_size, 20000);

  const StudyStatistics unweighted = statistics(plain);
  const MetricStatistics& plain_short = metric_named(unweighted, "weeks_short.s");
  ASSERT_TRUE(plain_short.cvar_ci[1].has_value());
  const double plain_width = plain_short.cvar_ci[1]->second - plain_short.cvar_ci[1]->first;
  EXPECT_LT(high - low, 0.5 * plain_width) << "importance " << high - low << " plain " << plain_width;
}

}  // namespace
}  // namespace chokepoint
