// Uncertain factors and the three analyses of `chokepoint uncertainty`
// against answers derived by hand from MODEL.md.
//
// The analytic model: nodes a and b (no inputs, capacity 10, final demand 1
// per week, no volatility or growth; unit values 1 and 2) and one event per
// node that removes all of its capacity for exactly one week (duration 1,
// no recovery). An idle event starts in a week with probability
// p(rate) = 1 - exp(-rate / 52) and is idle again the next week, so every
// week is an independent Bernoulli(p) trial and over 52 weeks
//   E[loss_total] = 52 (p(rate_a) + 2 p(rate_b)).
// The factors scale the rates by k_a ~ uniform(0.5, 3) and k_b ~ uniform(0.5,
// 1.5) (base rates 1); a quantile u gives k = low + (high - low) u.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "factor_points.hh"
#include "test_support.hh"
#include "uncertainty_analysis.hh"
#include "uncertainty_output.hh"
#include "uncertainty_results.hh"
#include "json_writer.hh"

namespace chokepoint {
namespace {

const std::string kModel = R"({"format": "chokepoint/1", "name": "uq-analytic", "horizon_weeks": 52,
  "nodes": [{"id": "a", "sector": "s", "capacity": 10, "unit_value": 1, "final_demand": {"base": 1}},
            {"id": "b", "sector": "s", "capacity": 10, "unit_value": 2, "final_demand": {"base": 1}}],
  "events": [{"id": "ea", "annual_rate": 1, "duration_weeks": 1, "effects": [{"node": "a", "capacity_loss": 1}]},
             {"id": "eb", "annual_rate": 1, "duration_weeks": 1, "effects": [{"node": "b", "capacity_loss": 1}]}],
  "policies": [{"id": "harden_a", "annual_cost": 1.5,
                "changes": [{"event": "ea", "effect": "a", "field": "capacity_loss", "set": 0}]}],
  "uncertain": [
    {"id": "rate_a", "label": "Rate of ea", "changes": [{"event": "ea", "field": "annual_rate", "scale": {"dist": "uniform", "low": 0.5, "high": 3}}]},
    {"id": "rate_b", "label": "Rate of eb", "changes": [{"event": "eb", "field": "annual_rate", "scale": {"dist": "uniform", "low": 0.5, "high": 1.5}}]}]})";

constexpr double kWeeks = 52.0;
double p_week(double rate) { return 1.0 - std::exp(-rate / kWeeks); }
double k_a(double u) { return 0.5 + 2.5 * u; }
double k_b(double u) { return 0.5 + u; }
double expected_loss(double ka, double kb) { return kWeeks * (p_week(ka) + 2.0 * p_week(kb)); }
/// Standard error of the mean loss over m scenarios (Bernoulli weeks, unit values 1 and 2).
double loss_se(double ka, double kb, double m) {
  const double pa = p_week(ka);
  const double pb = p_week(kb);
  return std::sqrt(kWeeks * (pa * (1 - pa) + 4.0 * pb * (1 - pb)) / m);
}
/// Var over K ~ uniform(lo, hi) of 52 w p(K), in closed form: p = 1 - e^{-K/52}.
double variance_of_term(double lo, double hi, double w) {
  const double c = 1.0 / kWeeks;
  const double m1 = (std::exp(-c * lo) - std::exp(-c * hi)) / (c * (hi - lo));
  const double m2 = (std::exp(-2 * c * lo) - std::exp(-2 * c * hi)) / (2 * c * (hi - lo));
  return kWeeks * kWeeks * w * w * (m2 - m1 * m1);
}

UncertaintyOptions options_for(const std::string& method, std::uint64_t scenarios) {
  UncertaintyOptions o;
  o.method = method;
  o.point.scenarios = scenarios;
  o.point.backend.name = "cpu";
  o.point.backend.threads = 1;
  o.seed = 7;
  return o;
}

TEST(UncertaintyTornado, MatchesTheAnalyticLossAtEachEnd) {
  const LoadedScenario loaded = test::load_ok(kModel);
  const double m = 20000;
  const UncertaintyResults r = run_uncertainty(loaded, options_for("tornado", 20000), {});
  ASSERT_TRUE(r.base);
  // Tolerance: 4 standard errors of the Monte Carlo mean.
  EXPECT_NEAR(r.base->value, expected_loss(1, 1), 4 * loss_se(1, 1, m));
  ASSERT_EQ(r.factors.size(), 2U);
  // rate_a moves the loss most (k_a spans 0.625..2.875 at the 5% and 95% ends; k_b only 0.55..1.45).
  EXPECT_EQ(r.factors[0].id, "rate_a");
  EXPECT_EQ(r.factors[1].id, "rate_b");
  const auto check = [&](const TornadoEnd& end, double ka, double kb) {
    const double exact = expected_loss(ka, kb);
    EXPECT_NEAR(end.value, exact, 4 * loss_se(ka, kb, m));
    // The difference is paired (same scenarios): far tighter than the values.
    const double exact_difference = exact - expected_loss(1, 1);
    ASSERT_TRUE(end.ci);
    const double half = (end.ci->second - end.ci->first) / 2;
    EXPECT_NEAR(end.difference, exact_difference, 2 * half);
    EXPECT_LT(half, 4 * loss_se(ka, kb, m));
    EXPECT_DOUBLE_EQ(end.difference, end.value - r.base->value);
  };
  check(*r.factors[0].low, k_a(0.05), 1);
  check(*r.factors[0].high, k_a(0.95), 1);
  check(*r.factors[1].low, 1, k_b(0.05));
  check(*r.factors[1].high, 1, k_b(0.95));
  EXPECT_EQ(r.points, 5U);
}

TEST(UncertainFactors, IntegerFieldsRoundAndFactorsApplyBeforeThePolicy) {
  // recovery_weeks 4 + triangular(-4, 0, 12): the quantile at u >= 0.25 is
  // 12 - sqrt((1 - u) 16 * 12): 8.902 at 0.95 (13 weeks), 2.202 at 0.5 (6 weeks).
  // Capacity 10 scaled by the factor, then the policy adds 5.
  const std::string text = R"({"format": "chokepoint/1", "name": "m", "horizon_weeks": 10,
    "nodes": [{"id": "a", "sector": "s", "capacity": 10, "unit_value": 1, "final_demand": {"base": 1}}],
    "events": [{"id": "e", "annual_rate": 1, "duration_weeks": 1, "recovery_weeks": 4,
                "effects": [{"node": "a", "capacity_loss": 1}]}],
    "policies": [{"id": "more", "changes": [{"node": "a", "field": "capacity", "add": 5}]}],
    "uncertain": [
      {"id": "recovery", "changes": [{"event": "e", "field": "recovery_weeks", "add": {"dist": "triangular", "low": -4, "mode": 0, "high": 12}}]},
      {"id": "size", "changes": [{"node": "a", "field": "capacity", "scale": {"dist": "discrete", "values": [0.5, 2], "weights": [0.3, 0.7]}}]}]})";
  const LoadedScenario loaded = test::load_ok(text);
  const std::vector<UncertainFactor> factors = factors_of(loaded);
  EXPECT_EQ(scenario_at_point(loaded, factors, {0.95, std::nullopt}, std::nullopt).events[0].recovery_weeks, 13);
  EXPECT_EQ(scenario_at_point(loaded, factors, {0.5, std::nullopt}, std::nullopt).events[0].recovery_weeks, 6);
  EXPECT_EQ(scenario_at_point(loaded, factors, {std::nullopt, std::nullopt}, std::nullopt).events[0].recovery_weeks, 4);
  // Discrete: the first value whose cumulative weight (0.3, 1.0) reaches u.
  EXPECT_DOUBLE_EQ(scenario_at_point(loaded, factors, {std::nullopt, 0.3}, 0).nodes[0].capacity, 10 * 0.5 + 5);
  EXPECT_DOUBLE_EQ(scenario_at_point(loaded, factors, {std::nullopt, 0.31}, 0).nodes[0].capacity, 10 * 2.0 + 5);
  EXPECT_DOUBLE_EQ(scenario_at_point(loaded, factors, {std::nullopt, 0.31}, std::nullopt).nodes[0].capacity, 20);
}

/// The analytic model with `factors` as its `uncertain` array is refused, the
/// first line naming the position of the `nth` `token` and then `message`.
void expect_refusal(const std::string& factors, const std::string& token, int nth, const std::string& message) {
  const std::string text = kModel.substr(0, kModel.find(R"(  "uncertain")")) + R"(  "uncertain": )" + factors + "}";
  const std::string error = test::load_error(text);
  EXPECT_EQ(error.substr(0, error.find('\n')), test::position_of_token(text, token, nth) + ": " + message);
}

TEST(UncertainFactors, ACornerThatBreaksARuleRefusesTheFileNamingFactorEndAndRule) {
  // The high end: capacity_loss 1 + 0.5. (The first such token is the policy's change.)
  expect_refusal(R"([{"id": "loss", "changes": [{"event": "ea", "effect": "a", "field": "capacity_loss", "add": {"dist": "uniform", "low": -0.5, "high": 0.5}}]}])",
                 R"({"event": "ea", "effect")", 2,
                 "/uncertain/0/changes/0: factor \"loss\" at quantile 1: /events/0/effects/0/capacity_loss: must be in [0, 1], "
                 "got 1.5");
  // The low end: capacity 10 - 10.
  expect_refusal(R"([{"id": "cap", "changes": [{"node": "a", "field": "capacity", "add": {"dist": "uniform", "low": -10, "high": 5}}]}])",
                 R"({"node": "a", "field": "capacity")", 1,
                 "/uncertain/0/changes/0: factor \"cap\" at quantile 0: /nodes/0/capacity: must be > 0, got 0");
  // Two factors on one field: each alone leaves capacity 4, their corner (0, 0) leaves -2.
  expect_refusal(R"([{"id": "x", "changes": [{"node": "a", "field": "capacity", "add": {"dist": "uniform", "low": -6, "high": 0}}]},
                     {"id": "y", "changes": [{"node": "a", "field": "capacity", "add": {"dist": "uniform", "low": -6, "high": 0}}]}])",
                 R"({"node": "a", "field": "capacity")", 2,
                 "/uncertain/1/changes/0: factors \"x\" at quantile 0, \"y\" at quantile 0: /nodes/0/capacity: must be > 0, "
                 "got -2");
}

TEST(UncertainFactors, OperandsMustBeBoundedAndWellFormed) {
  expect_refusal(R"([{"id": "r", "changes": [{"event": "ea", "field": "annual_rate", "scale": {"dist": "lognormal", "median": 1, "sigma": 0.5}}]}])",
                 R"({"dist": "lognormal")", 1,
                 "/uncertain/0/changes/0/scale: an uncertain factor's operand must be bounded: uniform, loguniform, "
                 "triangular, discrete, or another distribution with both \"min\" and \"max\"");
  expect_refusal(R"([{"id": "r", "changes": [{"event": "ea", "field": "annual_rate", "scale": {"dist": "discrete", "values": [1, 2], "weights": [0.5, 0.6]}}]}])",
                 "[0.5, 0.6]", 1, "/uncertain/0/changes/0/scale/weights: weights sum to 1.1, must sum to 1 (within 1e-6)");
  expect_refusal(R"([{"id": "r", "changes": [{"event": "ea", "field": "annual_rate", "scale": {"dist": "loguniform", "low": 0, "high": 2}}]}])",
                 R"({"dist": "loguniform")", 1, "/uncertain/0/changes/0/scale: needs 0 < low <= high, got low 0 and high 2");
  expect_refusal(R"([{"id": "r", "changes": [{"event": "nope", "field": "annual_rate", "scale": {"dist": "uniform", "low": 1, "high": 2}}]},
                     {"id": "r", "changes": [{"event": "ea", "field": "annual_rate", "scale": {"dist": "uniform", "low": 1, "high": 2}}]}])",
                 R"("r", "changes": [{"event": "ea")", 1, "/uncertain/1/id: duplicate factor id \"r\"");
}

TEST(UncertaintySobol, IndicesOfAnAdditiveModelMatchTheirClosedForm) {
  const LoadedScenario loaded = test::load_ok(kModel);
  UncertaintyOptions o = options_for("sobol", 1000);
  o.rows = 128;
  const UncertaintyResults r = run_uncertainty(loaded, o, {});
  // Additive in the factors: S1_i = ST_i = V_i / (V_a + V_b).
  const double va = variance_of_term(0.5, 3.0, 1.0);
  const double vb = variance_of_term(0.5, 1.5, 2.0);
  const double sa = va / (va + vb);
  ASSERT_EQ(r.factors.size(), 2U);
  // Tolerance 0.1: the bootstrap intervals at 128 rows are about +-0.08 wide.
  for (std::size_t i = 0; i < 2; ++i) {
    const double exact = i == 0 ? sa : 1 - sa;
    ASSERT_TRUE(r.factors[i].first_order && r.factors[i].total);
    EXPECT_NEAR(r.factors[i].first_order->value, exact, 0.1) << r.factors[i].id;
    EXPECT_NEAR(r.factors[i].total->value, exact, 0.1) << r.factors[i].id;
    ASSERT_TRUE(r.factors[i].total->ci);
    EXPECT_LE(r.factors[i].total->ci->first, exact);
    EXPECT_GE(r.factors[i].total->ci->second, exact);
  }
  ASSERT_TRUE(r.variance && r.noise_to_signal && r.epistemic);
  EXPECT_NEAR(*r.variance, va + vb, 0.15 * (va + vb));
  // Point noise: se^2 ~ 52 (p_a + 4 p_b) / M, about 0.008 at M = 1000, against a variance of about 0.85.
  EXPECT_LT(*r.noise_to_signal, 0.03);
  // The band's mean is E[52 p(K_a) + 104 p(K_b)] over the factors.
  const double c = 1.0 / kWeeks;
  const auto mean_p = [&](double lo, double hi) { return 1 - (std::exp(-c * lo) - std::exp(-c * hi)) / (c * (hi - lo)); };
  const double mean = kWeeks * (mean_p(0.5, 3.0) + 2 * mean_p(0.5, 1.5));
  EXPECT_NEAR(r.epistemic->mean, mean, 0.03 * mean);
  EXPECT_LT(r.epistemic->p5, r.epistemic->p50);
  EXPECT_LT(r.epistemic->p50, r.epistemic->p95);
  EXPECT_EQ(r.points, 128U * 4U);
}

// One node and one event whose rate is the factor: k ~ uniform(0.5, 3).
// Every week is a Bernoulli(1 - e^{-k/52}) trial, so at a draw
// P(loss_total > 0) = 1 - (e^{-k/52})^52 = 1 - e^{-k}, increasing in k: its
// q-quantile across draws is 1 - e^{-k(q)} with k(q) = 0.5 + 2.5 q.
const std::string kOneRateModel = R"({"format": "chokepoint/1", "name": "uq-one-rate", "horizon_weeks": 52,
  "nodes": [{"id": "a", "sector": "s", "capacity": 10, "unit_value": 1, "final_demand": {"base": 1}}],
  "events": [{"id": "ea", "annual_rate": 1, "duration_weeks": 1, "effects": [{"node": "a", "capacity_loss": 1}]}],
  "policies": [{"id": "harden_a", "annual_cost": 1.5,
                "changes": [{"event": "ea", "effect": "a", "field": "capacity_loss", "set": 0}]}],
  "uncertain": [
    {"id": "rate_a", "changes": [{"event": "ea", "field": "annual_rate", "scale": {"dist": "uniform", "low": 0.5, "high": 3}}]}]})";

TEST(UncertaintyExceedance, BandOfPLossPositiveMatchesItsClosedForm) {
  const LoadedScenario loaded = test::load_ok(kOneRateModel);
  const auto p_any = [](double q) { return 1.0 - std::exp(-(0.5 + 2.5 * q)); };
  for (const std::string method : {"sobol", "robustness"}) {
    UncertaintyOptions o = options_for(method, 4000);
    o.rows = 128;
    o.draws = 256;
    const UncertaintyResults r = run_uncertainty(loaded, o, {});
    ASSERT_TRUE(r.epistemic_exceedance) << method;
    const EpistemicExceedance& e = *r.epistemic_exceedance;
    ASSERT_FALSE(e.x.empty());
    EXPECT_EQ(e.x[0], 0.0);  // x = 0 is every curve's first point: P(loss_total > 0)
    // Tolerance 0.02: 256 quasi-random draws put each empirical quantile of k
    // within about 2.5/256 of k(q) (P moves at most e^{-0.5} = 0.61 per unit
    // of k: 0.006), and a draw's P has Monte Carlo se sqrt(p(1 - p)/4000) <= 0.008.
    EXPECT_NEAR(e.p5[0], p_any(0.05), 0.02) << method;   // 0.4647
    EXPECT_NEAR(e.p50[0], p_any(0.5), 0.02) << method;   // 0.8262
    EXPECT_NEAR(e.p95[0], p_any(0.95), 0.02) << method;  // 0.9436
    for (std::size_t i = 0; i < e.x.size(); ++i) {
      EXPECT_LE(e.p5[i], e.p50[i]) << i;
      EXPECT_LE(e.p50[i], e.p95[i]) << i;
      if (i > 0) {
        EXPECT_LE(e.p95[i], e.p95[i - 1]) << i;  // each curve falls with x
      }
    }
    EXPECT_EQ(e.p95.back(), 0.0);  // the grid ends where every draw's curve has reached 0
  }
}

TEST(UncertaintyExceedance, TheReportReadsWhatTheCommandWrites) {
  const LoadedScenario loaded = test::load_ok(kOneRateModel);
  UncertaintyOptions o = options_for("sobol", 300);
  o.rows = 4;
  const UncertaintyResults r = run_uncertainty(loaded, o, {});
  const std::string dir = test::temp_dir("uncertainty_exceedance");
  write_uncertainty_outputs(dir, r);
  const report::UncertaintyResults read = report::read_uncertainty(dir);
  ASSERT_TRUE(r.epistemic_exceedance && read.epistemic_exceedance);
  const EpistemicExceedance& written = *r.epistemic_exceedance;
  const report::EpistemicExceedance& got = *read.epistemic_exceedance;
  ASSERT_EQ(got.x.size(), written.x.size());
  ASSERT_EQ(got.p50.size(), written.x.size());
  // The same numbers, up to the last bit of a decimal round trip (the reader's parser).
  for (std::size_t i = 0; i < written.x.size(); ++i) {
    EXPECT_DOUBLE_EQ(got.x[i], written.x[i]) << i;
    EXPECT_DOUBLE_EQ(got.p5[i], written.p5[i]) << i;
    EXPECT_DOUBLE_EQ(got.p50[i], written.p50[i]) << i;
    EXPECT_DOUBLE_EQ(got.p95[i], written.p95[i]) << i;
  }
}

TEST(UncertaintyExceedance, TheHtmlReportDrawsTheBandOfARealRun) {
  const std::string dir = test::temp_dir("uncertainty_report");
  std::ofstream(dir + "/model.json") << kOneRateModel;
  const std::string model = dir + "/model.json --threads 1 -q ";
  ASSERT_EQ(test::run_cli("run " + model + "-n 500 --out " + dir + "/run").status, 0);
  ASSERT_EQ(test::run_cli("uncertainty " + model + "--method sobol -n 200 --rows 4 --out " + dir + "/unc").status, 0);
  const test::CommandResult report =
      test::run_cli("report " + dir + "/run " + dir + "/unc --out " + dir + "/report.html");
  ASSERT_EQ(report.status, 0) << report.err;
  const std::string html = test::read_text(dir + "/report.html");
  EXPECT_NE(html.find(R"x("band":{"label":"epistemic band (P5–P95 across assumption draws)","p5":[[)x"), std::string::npos);
}

TEST(UncertaintyRobustness, PBestRegretAndEvpiMatchTheirClosedForm) {
  const LoadedScenario loaded = test::load_ok(kModel);
  UncertaintyOptions o = options_for("robustness", 2000);
  o.draws = 128;
  const UncertaintyResults r = run_uncertainty(loaded, o, {});
  // harden_a removes ea's loss: net benefit B(k) = 52 p(k) - 1.5 (cost over 52 weeks).
  // B > 0 iff k > k* = -52 ln(1 - 1.5/52); k ~ uniform(0.5, 3).
  const double k_star = -kWeeks * std::log(1 - 1.5 / kWeeks);
  const double p_best = (3.0 - k_star) / 2.5;
  const auto integral = [](double k) { return kWeeks * k + kWeeks * kWeeks * std::exp(-k / kWeeks) - 1.5 * k; };
  const double positive_part = (integral(3.0) - integral(k_star)) / 2.5;  // E[max(0, B)]
  const double mean_b = (integral(3.0) - integral(0.5)) / 2.5;            // E[B] > 0
  ASSERT_EQ(r.candidates.size(), 2U);
  EXPECT_EQ(r.candidates[0].id, "do_nothing");
  EXPECT_EQ(r.candidates[1].id, "harden_a");
  const CandidateRobustness& policy = r.candidates[1].robustness;
  // Tolerance 0.04: 128 quasi-random draws put the share within about 1/128 of
  // p_best, and a draw's noise (se 0.03 of B) moves its threshold by 0.01 in u.
  EXPECT_NEAR(policy.p_best.value, p_best, 0.04);
  ASSERT_TRUE(policy.p_best.ci);
  EXPECT_LE(policy.p_best.ci->first, p_best);
  EXPECT_GE(policy.p_best.ci->second, p_best);
  EXPECT_DOUBLE_EQ(r.candidates[0].robustness.p_best.value, 1 - policy.p_best.value);
  // Tolerance 0.05 in loss units (values near 0.1 to 0.5): quadrature error of the draws plus noise.
  EXPECT_NEAR(policy.mean_net_benefit, mean_b, 0.05);
  EXPECT_NEAR(policy.mean_regret, positive_part - mean_b, 0.05);
  EXPECT_NEAR(r.candidates[0].robustness.mean_regret, positive_part, 0.05);
  ASSERT_TRUE(r.evpi);
  EXPECT_NEAR(*r.evpi, positive_part - mean_b, 0.05);  // E[max(0,B)] - max(0, E[B])
}

TEST(UncertaintyLibrary, EveryBundledModelRunsEveryMethod) {
  // Small runs: every method must work on every file with factors, and give
  // finite, ordered numbers (the analyses' accuracy is tested above).
  for (const std::string name :
       {"drones", "energy", "semiconductors", "shipbuilding", "space_launch", "strategic_industries"}) {
    const LoadedScenario loaded = load_scenario(test::source_path("scenarios/" + name + ".json"));
    for (const std::string method : {"tornado", "sobol", "robustness"}) {
      UncertaintyOptions o = options_for(method, 64);
      o.rows = 2;
      o.draws = 2;
      o.bootstrap_samples = 10;
      const UncertaintyResults r = run_uncertainty(loaded, o, {});
      EXPECT_EQ(r.points, uncertainty_points(loaded, o)) << name << " " << method;
      if (method == "tornado") {
        for (const FactorResult& f : r.factors) {
          EXPECT_TRUE(std::isfinite(f.low->value) && std::isfinite(f.high->value)) << name << " " << f.id;
        }
        continue;
      }
      ASSERT_TRUE(r.epistemic && r.epistemic_exceedance) << name << " " << method;
      EXPECT_LE(r.epistemic->p5, r.epistemic->p95) << name << " " << method;
      const EpistemicExceedance& e = *r.epistemic_exceedance;
      ASSERT_FALSE(e.x.empty()) << name << " " << method;
      for (std::size_t i = 0; i < e.x.size(); ++i) EXPECT_LE(e.p5[i], e.p95[i]) << name << " " << method << " " << i;
    }
  }
}

TEST(UncertaintyCli, RefusesFilesWithoutFactorsOrPolicies) {
  const test::CommandResult none = test::run_cli("uncertainty " + test::source_path("scenarios/demo.json") + " -q");
  EXPECT_EQ(none.status, 2);
  EXPECT_EQ(none.err, test::source_path("scenarios/demo.json") +
                          ": declares no uncertain factors; add an \"uncertain\" array (docs/MODEL.md, \"Uncertain "
                          "assumptions\")\n");
  const std::string dir = test::temp_dir("uncertainty_cli");
  std::string text = kModel;
  text.replace(text.find(R"("policies")"), text.find(R"("uncertain")") - text.find(R"("policies")"), "");
  std::ofstream(dir + "/model.json") << text;
  const test::CommandResult no_policy = test::run_cli("uncertainty " + dir + "/model.json --method robustness -q");
  EXPECT_EQ(no_policy.status, 2);
  EXPECT_EQ(no_policy.err, dir + "/model.json: --method robustness ranks policies, and this file defines none\n");
  const test::CommandResult tornado =
      test::run_cli("uncertainty " + dir + "/model.json -n 200 --threads 1 -q --out " + dir + "/out");
  EXPECT_EQ(tornado.status, 0) << tornado.err;
  EXPECT_EQ(tornado.out, dir + "/out/uncertainty.json\n");
  EXPECT_EQ(test::read_text(dir + "/out/tornado.csv").substr(0, 52), "factor,end,quantile,value,difference,ci_low,ci_high\n");
}

TEST(UncertaintyJson, IdenticalAcrossThreadCounts) {
  const LoadedScenario loaded = test::load_ok(kModel);
  for (const std::string method : {"tornado", "sobol", "robustness"}) {
    UncertaintyOptions o = options_for(method, 600);
    o.rows = 8;
    o.draws = 8;
    const std::string one = to_pretty_json(uncertainty_json(run_uncertainty(loaded, o, {})));
    o.point.backend.threads = 2;
    o.point.batches = 32;
    EXPECT_EQ(one, to_pretty_json(uncertainty_json(run_uncertainty(loaded, o, {})))) << method;
  }
}

TEST(UncertaintyJson, KokkosMatchesCpuByteForByte) {
#ifndef CHOKEPOINT_HAVE_KOKKOS
  GTEST_SKIP() << "built without Kokkos";
#endif
  const LoadedScenario loaded = test::load_ok(kModel);
  for (const std::string method : {"tornado", "sobol", "robustness"}) {
    UncertaintyOptions o = options_for(method, 600);
    o.rows = 8;
    o.draws = 8;
    const std::string cpu = to_pretty_json(uncertainty_json(run_uncertainty(loaded, o, {})));
    o.point.backend.name = "kokkos";
    EXPECT_EQ(cpu, to_pretty_json(uncertainty_json(run_uncertainty(loaded, o, {})))) << method;
  }
}

}  // namespace
}  // namespace chokepoint
