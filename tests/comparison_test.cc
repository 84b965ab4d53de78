// Policy comparison: common random numbers make a no-op policy's difference
// exactly zero, and leave the events of a node-only policy untouched.
#include <gtest/gtest.h>

#include <cmath>

#include "comparison_output.hh"
#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

StudyStatistics study_of(const LoadedScenario& loaded, const std::string& policy, const std::string& stress = "") {
  const Scenario s = scenario_with_policy(loaded, policy);
  const StressTest* forced = nullptr;
  for (const StressTest& t : s.stress_tests) {
    if (t.id == stress) forced = &t;
  }
  const CompiledModel model = CompiledModel::compile(s, forced);
  StudyOptions options;
  options.scenarios = 20000;
  options.seed = 9;
  const StudyRun run = run_study(model, options, nullptr);
  return compute_statistics(run.accumulator, run.batches, model);
}

LoadedScenario demo_with_extra_policies() {
  std::string text = test::read_text(test::source_path("scenarios/demo.json"));
  const std::string anchor = R"("policies": [)";
  text.replace(text.find(anchor), anchor.size(), anchor + R"(
    {"id": "no_op", "annual_cost": 1, "changes": [{"node": "jp_mature_fab", "field": "capacity", "add": 0}]},
    {"id": "bigger_fab", "annual_cost": 10, "changes": [{"node": "jp_mature_fab", "field": "capacity", "scale": 2}]},)");
  return test::load_ok(text);
}

TEST(Comparison, APolicyThatChangesNothingHasZeroDifferenceAndAZeroWidthInterval) {
  const LoadedScenario loaded = demo_with_extra_policies();
  const StudyStatistics base = study_of(loaded, "");
  std::vector<StudyVariant> variants = {{"policy", "no_op", "", 1.0, "policy-no_op", study_of(loaded, "no_op")}};
  const auto result = compare_variants(base, variants, 52);
  ASSERT_EQ(result.size(), 1u);
  for (const MetricComparison& m : result[0].metrics) {
    EXPECT_EQ(m.mean.value, 0.0) << m.metric;
    ASSERT_TRUE(m.mean.ci.has_value());
    EXPECT_EQ(m.mean.ci->first, 0.0) << m.metric;
    EXPECT_EQ(m.mean.ci->second, 0.0) << m.metric;
    EXPECT_EQ(m.cvar99.value, 0.0) << m.metric;
    // 32 batches of 625 scenarios hold 6.25 beyond 0.99 each: no interval
    // (the trusted side is CVaR99DifferenceIntervalOnlyWithThirtyTailScenariosPerBatch).
    EXPECT_FALSE(m.cvar99.ci.has_value()) << m.metric;
  }
  ASSERT_TRUE(result[0].cost.has_value());
  EXPECT_EQ(result[0].cost->expected_loss_reduction_per_cost, 0.0);
}

TEST(Comparison, ANodeOnlyPolicyLeavesEventStartsIdentical) {
  const LoadedScenario loaded = demo_with_extra_policies();
  const StudyStatistics base = study_of(loaded, "");
  const StudyStatistics policy = study_of(loaded, "bigger_fab");
  int events = 0;
  for (std::size_t k = 0; k < base.metrics.size(); ++k) {
    if (base.metrics[k].name.rfind("starts.", 0) != 0) continue;
    ++events;
    EXPECT_EQ(base.metrics[k].mean, policy.metrics[k].mean) << base.metrics[k].name;
    EXPECT_EQ(base.batches.mean[k], policy.batches.mean[k]) << base.metrics[k].name;
    EXPECT_EQ(base.metrics[k].max, policy.metrics[k].max) << base.metrics[k].name;
  }
  EXPECT_EQ(events, 4);
  // ... while the losses do change.
  EXPECT_NE(base.metrics[0].mean, policy.metrics[0].mean);
}

TEST(Comparison, PairingMakesIntervalsTighterThanIndependentRuns) {
  const LoadedScenario loaded = demo_with_extra_policies();
  const StudyStatistics base = study_of(loaded, "");
  std::vector<StudyVariant> variants = {
      {"policy", "ecu_second_source", "", 40.0, "policy-ecu_second_source", study_of(loaded, "ecu_second_source")}};
  const auto result = compare_variants(base, variants, 52);
  const MetricComparison& total = result[0].metrics[0];
  ASSERT_TRUE(total.mean.ci.has_value());
  const double paired_half = (total.mean.ci->second - total.mean.ci->first) / 2;
  // Independent runs: half-width 1.96 sqrt(se_a^2 + se_b^2).
  const double independent_half =
      1.96 * std::sqrt(base.metrics[0].se * base.metrics[0].se + variants[0].stats.metrics[0].se * variants[0].stats.metrics[0].se);
  EXPECT_LT(paired_half, 0.5 * independent_half);
  EXPECT_LT(total.mean.value, 0.0);  // the second source reduces the loss
  EXPECT_LT(total.mean.ci->second, 0.0);
}

TEST(Comparison, CostEffectivenessIsRanked) {
  const LoadedScenario loaded = test::load_ok(test::read_text(test::source_path("scenarios/demo.json")));
  const StudyStatistics base = study_of(loaded, "");
  std::vector<StudyVariant> variants;
  for (const char* id : {"photoresist_stockpile", "ecu_second_source", "lng_buffer"}) {
    const Policy* p = nullptr;
    for (const Policy& x : loaded.scenario.policies) {
      if (x.id == id) p = &x;
    }
    variants.push_back({"policy", id, p->label, p->annual_cost, std::string("policy-") + id, study_of(loaded, id)});
  }
  variants.push_back({"stress_test", "blockade_w10_26w", "", std::nullopt, "stress-blockade_w10_26w",
                      study_of(loaded, "", "blockade_w10_26w")});
  const auto result = compare_variants(base, variants, 52);
  std::vector<int> ranks;
  for (const auto& c : result) {
    if (!c.cost) continue;
    ranks.push_back(c.cost->rank);
    const double cost = *c.variant->annual_cost;
    EXPECT_DOUBLE_EQ(c.cost->expected_loss_reduction_per_cost, -c.metrics[0].mean.value / cost);
  }
  std::sort(ranks.begin(), ranks.end());
  EXPECT_EQ(ranks, (std::vector<int>{1, 2, 3}));
  EXPECT_FALSE(result[3].cost.has_value());     // stress tests have no cost
  EXPECT_GT(result[3].metrics[0].mean.value, 0);  // and raise the loss
}

// Only what compare_variants reads: loss_total's mean and CVaR 0.99.
StudyStatistics with_mean(double mean) {
  StudyStatistics s;
  MetricStatistics m;
  m.name = "loss_total";
  m.mean = mean;
  m.cvar = {Estimate{mean}, Estimate{mean}};
  s.metrics.push_back(m);
  return s;
}

TEST(Comparison, AVariantWithoutAnEstimateRanksLastAndLeavesTheOthersInOrder) {
  // Reductions per cost 1, NaN, 2, 3 and 0.5: ranks 3, 5, 2, 1 and 4.
  const std::vector<double> means = {9, NAN, 8, 7, 9.5};
  std::vector<StudyVariant> variants;
  for (std::size_t i = 0; i < means.size(); ++i) {
    variants.push_back({"policy", "p" + std::to_string(i), "", 52.0, "", with_mean(means[i])});
  }
  const auto result = compare_variants(with_mean(10), variants, 52);
  const int expected[] = {3, 5, 2, 1, 4};
  ASSERT_EQ(result.size(), means.size());
  for (std::size_t i = 0; i < means.size(); ++i) {
    ASSERT_TRUE(result[i].cost.has_value());
    EXPECT_EQ(result[i].cost->rank, expected[i]) << "variant " << i;
  }
}

/// with_mean(10) with batches of `count` scenarios and these batch CVaRs 0.99.
StudyStatistics with_batches(std::uint64_t count, const std::vector<double>& cvar99) {
  StudyStatistics s = with_mean(10);
  s.batches.count.assign(cvar99.size(), count);
  s.batches.mean = {std::vector<double>(cvar99.size(), 10.0)};
  s.batches.cvar99 = {cvar99};
  return s;
}

TEST(Comparison, CVaR99DifferenceIntervalOnlyWithThirtyTailScenariosPerBatch) {
  // Paired batch differences -1, -2, -3, -4: sd 1.2910, t(0.975, 3) = 3.1824,
  // half-width 3.1824 * 1.2910 / 2 around the difference of the studies'
  // CVaRs (0 here). 3,000 scenarios hold 30 beyond 0.99 (kMinBatchTail), 2,999 do not.
  const std::vector<double> base_cvar = {10, 12, 14, 16};
  const std::vector<double> variant_cvar = {9, 10, 11, 12};
  const double half = 3.182446305 * 1.290994449 / 2.0;
  const std::vector<StudyVariant> trusted = {{"policy", "p", "", 1.0, "", with_batches(3000, variant_cvar)}};
  const auto ok = compare_variants(with_batches(3000, base_cvar), trusted, 52);
  ASSERT_TRUE(ok[0].metrics[0].cvar99.ci.has_value());
  EXPECT_NEAR(ok[0].metrics[0].cvar99.ci->first, -half, 1e-8);
  EXPECT_NEAR(ok[0].metrics[0].cvar99.ci->second, half, 1e-8);
  // Too few tail scenarios in the variant's batches, or in the baseline's.
  const std::vector<StudyVariant> short_variant = {{"policy", "p", "", 1.0, "", with_batches(2999, variant_cvar)}};
  EXPECT_FALSE(compare_variants(with_batches(3000, base_cvar), short_variant, 52)[0].metrics[0].cvar99.ci.has_value());
  EXPECT_FALSE(compare_variants(with_batches(2999, base_cvar), trusted, 52)[0].metrics[0].cvar99.ci.has_value());
  // The mean difference keeps its interval: the rule is about tails.
  EXPECT_TRUE(compare_variants(with_batches(2999, base_cvar), trusted, 52)[0].metrics[0].mean.ci.has_value());
}

}  // namespace
}  // namespace chokepoint
