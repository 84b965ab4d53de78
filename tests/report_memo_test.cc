// The report as a decision memo: the summary's numbers are the files'
// numbers, its sentences never claim a difference whose interval includes
// zero, every table lists studies in rank order, and an uncertainty folder
// (uncertainty.json, hand-written from the contract in
// tests/data/uncertainty/) is read and shown with confidence intervals and
// epistemic bands kept apart.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "diagnostics.hh"
#include "html_report.hh"
#include "markdown_report.hh"
#include "memo_summary.hh"
#include "number_format.hh"
#include "report_input.hh"
#include "report_test_support.hh"
#include "return_levels.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

using namespace chokepoint::report;
namespace json = boost::json;

std::string demo() { return test::source_path("scenarios/demo.json"); }

/// A compare folder of demo.json: baseline, policy lng_buffer and stress
/// test hormuz_w4_13w, with the hand-written comparison.json of
/// tests/data/report/ (`edit` may change its text first).
std::string compare_folder(const std::string& name, const std::function<std::string(std::string)>& edit = nullptr) {
  std::string dir = test::temp_dir(name);
  test::write_results_folder(dir + "/baseline", {demo(), 2000, 1, "", ""});
  test::write_results_folder(dir + "/policy-lng_buffer", {demo(), 2000, 1, "lng_buffer", ""});
  test::write_results_folder(dir + "/stress-hormuz_w4_13w", {demo(), 2000, 1, "", "hormuz_w4_13w"});
  std::string comparison = test::read_text(test::source_path("tests/data/report/comparison.json"));
  test::write_text(dir + "/comparison.json", edit ? edit(comparison) : comparison);
  return dir;
}

/// An uncertainty folder holding fixture `name` for the model with `sha256`.
std::string uncertainty_folder(const std::string& dir, const std::string& name, const std::string& sha256) {
  std::string text = test::read_text(test::source_path("tests/data/uncertainty/" + name));
  text = std::regex_replace(text, std::regex("MODEL_SHA256"), sha256);
  test::write_text(dir + "/uncertainty.json", text);
  return dir;
}

const std::string kZeroSha(64, '0');  // the SHA-256 of the comparison fixture

/// The value a summary number cites: "FILE#/json/pointer".
double cited_value(const std::string& source) {
  const std::size_t hash = source.find('#');
  const json::value file = json::parse(test::read_text(source.substr(0, hash)));
  return file.at_pointer(source.substr(hash + 1)).to_number<double>();
}

std::string all_text(const std::vector<SummarySentence>& sentences) {
  std::string out;
  for (const SummarySentence& s : sentences) out += s.text() + "\n";
  return out;
}

const SummarySentence* sentence_about(const std::vector<SummarySentence>& sentences, const std::string& section,
                                      const std::string& containing = "") {
  for (const SummarySentence& s : sentences) {
    if (s.section == section && s.text().find(containing) != std::string::npos) return &s;
  }
  return nullptr;
}

/// The data-sort keys of the first column of the table with class `css_class`.
std::vector<std::string> first_column(const std::string& html, const std::string& css_class) {
  const std::size_t begin = html.find("<table class=\"sortable " + css_class + "\">");
  EXPECT_NE(begin, std::string::npos) << css_class;
  const std::string table = html.substr(begin, html.find("</table>", begin) - begin);
  std::vector<std::string> out;
  const std::regex first("<tr><td[^>]* data-sort=\"([^\"]*)\"");
  for (auto m = std::sregex_iterator(table.begin(), table.end(), first); m != std::sregex_iterator(); ++m) {
    out.push_back((*m)[1]);
  }
  return out;
}

TEST(MemoSummary, EveryCitedNumberIsTheNumberInItsFile) {
  const std::string dir = compare_folder("cited");
  const auto groups = gather_report_input({dir, uncertainty_folder(dir + "-u", "full.json", kZeroSha)});
  const std::vector<SummarySentence> sentences = memo_summary(groups[0]);
  std::size_t cited = 0;
  for (const SummarySentence& s : sentences) {
    for (const SummaryPart& p : s.parts) {
      if (!p.is_number || p.source.empty()) continue;
      EXPECT_EQ(cited_value(p.source), p.value) << p.source;
      ++cited;
    }
  }
  // Expected loss with its interval and P(loss > 0), the 1-in-100 and
  // 1-in-1000 quantiles with theirs, three lifts at most, the policy's
  // difference and P(best) with intervals, the stress test's mean and
  // difference with intervals, the band and base case and tornado ends.
  EXPECT_GE(cited, 25u) << all_text(sentences);
}

TEST(MemoSummary, StatesExpectedLossAndReturnLevelsWithTheResultsIntervals) {
  const std::string dir = test::temp_dir("levels");
  test::write_results_folder(dir, {demo(), 3000, 7, "", ""});
  const auto groups = gather_report_input({dir});
  const json::value results = json::parse(test::read_text(dir + "/results.json"));
  const json::value& total = results.at("metrics").at(0);
  ASSERT_EQ(total.at("name").as_string(), "loss_total");
  const auto sentences = memo_summary(groups[0]);
  const SummarySentence* expected = sentence_about(sentences, "headline");
  ASSERT_NE(expected, nullptr);
  const auto amount = [](const json::value& v) { return format_amount(v.to_number<double>()); };
  EXPECT_EQ(expected->text(),
            "Expected loss over the 52-week horizon (baseline): " + amount(total.at("mean")) +
                " USD million (95% CI " + amount(total.at("mean_ci").at(0)) + " – " +
                amount(total.at("mean_ci").at(1)) + "); " + format_percent(total.at("p_positive").to_number<double>()) +
                " of scenarios lose anything.");
  // A 52-week horizon: once in 100 years is P = 1%, the results' quantile
  // 0.99; once in 1000 years is their quantile 0.999 (the fifth and seventh).
  const SummarySentence* levels = sentence_about(sentences, "distribution");
  ASSERT_NE(levels, nullptr);
  const json::value& q99 = total.at("quantiles").at(4);
  const json::value& q999 = total.at("quantiles").at(6);
  ASSERT_EQ(q99.at("p").to_number<double>(), 0.99);
  ASSERT_EQ(q999.at("p").to_number<double>(), 0.999);
  const std::string text = levels->text();
  EXPECT_NE(text.find("The 1-in-100-year loss (exceeded with probability 1% over the horizon) is " +
                      amount(q99.at("value")) + " (95% CI " + amount(q99.at("ci").at(0)) + " – " +
                      amount(q99.at("ci").at(1)) + ")"),
            std::string::npos)
      << text;
  // With 3,000 scenarios the upper bound of the 0.999 quantile is unknown
  // (its binomial rank passes n: docs/RESULTS.md), so the memo must not give
  // a 1-in-1000 figure.
  ASSERT_TRUE(q999.at("ci").at(1).is_null());
  EXPECT_NE(text.find("the 1-in-1000-year loss is rarer than the 3,000 scenarios resolve"), std::string::npos) << text;
}

TEST(ReturnLevels, OffTheCurveTheIntervalIsTheBinomialOrderStatisticsAndRareLevelsAreUnresolved) {
  // 1000 values; P(value > x) from the curve: a 104-week horizon puts
  // 1 in 100 years at P = 2% and 1 in 1000 years at P = 0.2%.
  MetricResult m;
  m.count = 1000;
  m.max = 400;
  m.exceedance = {{0, 0.5}, {10, 0.1}, {20, 0.05}, {40, 0.02}, {80, 0.01}, {160, 0.004}, {320, 0.001}, {640, 0}};
  const ReturnLevel common = return_level(m, 100, 104, false);
  EXPECT_DOUBLE_EQ(common.p_exceed, 0.02);
  EXPECT_DOUBLE_EQ(common.value, 40.0);  // an edge of the curve
  ASSERT_TRUE(common.ci.has_value());
  // Binomial(1000, 0.98): its 2.5% and 97.5% points are about 971 and 988 values
  // below the quantile, so the interval runs from the order statistic of
  // rank 971 (exceeded by 2.9%) to that of rank 989 (by 1.1%).
  EXPECT_GT(common.ci->lo, 20.0);
  EXPECT_LT(common.ci->lo, 40.0);
  EXPECT_GT(common.ci->hi, 40.0);
  EXPECT_LT(common.ci->hi, 80.0);
  EXPECT_TRUE(common.resolved());
  EXPECT_TRUE(common.pointer.empty());  // read off the curve, not the results' quantile
  // P = 0.2% is 2 values in 1000: the binomial upper bound is beyond the largest.
  EXPECT_FALSE(return_level(m, 1000, 104, false).resolved());
  // Weighted studies have no distribution-free interval.
  EXPECT_FALSE(return_level(m, 100, 104, true).ci.has_value());
}

TEST(MemoSummary, ClaimsNoDifferenceWhoseIntervalIncludesZero) {
  // The fixture's policy: change -3.25 (CI -4.5 to -2), a reduction.
  const auto clear = gather_report_input({compare_folder("clear")});
  const std::string reduces = all_text(memo_summary(clear[0]));
  EXPECT_NE(reduces.find("Policy lng_buffer, ranked 1 by expected-loss reduction per unit of cost, reduces expected "
                         "loss: change -3.25 (95% paired CI -4.5 – -2), for a cost of 60 over the horizon."),
            std::string::npos)
      << reduces;
  EXPECT_NE(reduces.find("The worst stress test is hormuz_w4_13w: expected loss"), std::string::npos) << reduces;
  EXPECT_NE(reduces.find("a change from the baseline of 45 (95% CI 39.1 – 50.9)."), std::string::npos) << reduces;

  // The same policy and stress test with intervals that include zero.
  const auto noisy = gather_report_input({compare_folder("noisy", [](std::string text) {
    text = std::regex_replace(text, std::regex(R"("ci": \[-4.5, -2\])"), R"("ci": [-6.5, 0.25])");
    return std::regex_replace(text, std::regex(R"("ci": \[39.12, 50.88\])"), R"("ci": [-1, 91])");
  })});
  const std::string unclear = all_text(memo_summary(noisy[0]));
  EXPECT_NE(unclear.find("Policy lng_buffer, ranked 1 by expected-loss reduction per unit of cost, shows no reduction "
                         "beyond the noise: change -3.25 (95% paired CI -6.5 – 0.25)"),
            std::string::npos)
      << unclear;
  EXPECT_NE(unclear.find("a change from the baseline that includes zero: 45 (95% CI -1 – 91)."), std::string::npos)
      << unclear;
  EXPECT_EQ(unclear.find("reduces"), std::string::npos) << unclear;
}

TEST(MemoSummary, LeadsTheHtmlAndMarkdownWithLinksToSectionsThatExist) {
  const std::string dir = compare_folder("links");
  const auto groups = gather_report_input({dir, uncertainty_folder(dir + "-u", "full.json", kZeroSha)});
  const std::string html = html_report(groups, ReportOptions{0, "now"});
  const std::size_t summary = html.find("<section id=\"m0-summary\">");
  ASSERT_NE(summary, std::string::npos);
  EXPECT_LT(summary, html.find("<section id=\"m0-headline\">"));
  const std::regex link("<a class=\"more\" href=\"#([^\"]+)\">");
  std::size_t links = 0;
  for (auto m = std::sregex_iterator(html.begin(), html.end(), link); m != std::sregex_iterator(); ++m, ++links) {
    EXPECT_NE(html.find("<section id=\"" + std::string((*m)[1]) + "\">"), std::string::npos) << (*m)[1];
  }
  EXPECT_EQ(links, memo_summary(groups[0]).size());
  const std::string md = markdown_report(groups);
  EXPECT_LT(md.find("- Expected loss over the 52-week horizon"), md.find("| loss | expected loss |"));
}

TEST(ReportOrder, PoliciesByRankStressTestsByExpectedLossLiftsDescending) {
  const std::string dir = test::temp_dir("order");
  std::vector<std::string> folders = {dir + "/baseline"};
  test::write_results_folder(folders[0], {demo(), 2000, 1, "", ""});
  for (const std::string p : {"photoresist_stockpile", "ecu_second_source", "lng_buffer"}) {
    folders.push_back(dir + "/" + p);
    test::write_results_folder(folders.back(), {demo(), 2000, 1, p, ""});
  }
  for (const std::string s : {"hormuz_w4_13w", "blockade_w10_26w"}) {
    folders.push_back(dir + "/" + s);
    test::write_results_folder(folders.back(), {demo(), 2000, 1, "", s});
  }
  const auto groups = gather_report_input(folders);
  const std::string html = html_report(groups, ReportOptions{0, "now"});
  const ComparisonResults& c = *groups[0].comparison;
  std::vector<std::pair<std::uint64_t, std::string>> ranks;
  for (const VariantComparison& v : c.variants) {
    if (v.kind == "policy") ranks.emplace_back(v.cost_effectiveness->rank, v.id);
  }
  std::sort(ranks.begin(), ranks.end());
  std::vector<std::string> by_rank;
  for (const auto& [rank, id] : ranks) by_rank.push_back(id);
  EXPECT_EQ(first_column(html, "policies"), by_rank);

  std::vector<std::pair<double, std::string>> stress;
  for (const StudyResults* s : groups[0].stress_tests()) stress.emplace_back(-s->metric("loss_total")->mean, s->variant_name());
  std::sort(stress.begin(), stress.end());
  std::vector<std::string> stress_rows = {"baseline"};
  for (const auto& [loss, name] : stress) stress_rows.push_back(name);
  EXPECT_EQ(first_column(html, "stress"), stress_rows);
  std::vector<std::string> headline = stress_rows;
  for (const std::string& id : by_rank) headline.push_back("policy " + id);
  EXPECT_EQ(first_column(html, "headline"), headline);

  std::vector<std::pair<double, std::string>> lifts;
  for (const auto& [event, lift] : groups[0].baseline()->tail.event_lift) lifts.emplace_back(-lift, event);
  std::stable_sort(lifts.begin(), lifts.end(), [](const auto& a, const auto& b) {
    return std::isnan(b.first) ? !std::isnan(a.first) : a.first < b.first;
  });
  std::vector<std::string> events;
  for (const auto& [lift, event] : lifts) events.push_back(event);
  EXPECT_EQ(first_column(html, "lift"), events);
}

// On the demo model fewer than 1% of scenarios are short in any one week,
// so every percentile over all scenarios is zero in the baseline: each
// sector ever short is drawn among the scenarios short that week (with the
// share short), and over all scenarios only where some percentile is above
// zero (the blockade stress test).
TEST(WeeklyShortfall, DrawsThePercentilesAmongScenariosShortAndOverAllOnlyWhereNotZero) {
  const std::string dir = test::temp_dir("shortfall");
  test::write_results_folder(dir + "/baseline", {demo(), 2000, 1, "", ""});
  test::write_results_folder(dir + "/stress", {demo(), 2000, 1, "", "blockade_w10_26w"});
  const auto groups = gather_report_input({dir + "/baseline", dir + "/stress"});
  const std::string html = html_report(groups, ReportOptions{0, "now"});
  std::size_t among = 0;
  std::size_t overall = 0;
  for (const StudyResults* s : {groups[0].baseline(), groups[0].stress_tests().at(0)}) {
    for (const FanChartResult& f : s->fan_charts) {
      const bool short_once = std::any_of(f.p_short.begin(), f.p_short.end(), [](double p) { return p > 0.0; });
      const bool above_zero = std::any_of(f.q99.begin(), f.q99.end(), [](double q) { return q > 0.0; });
      const std::string name = f.sector + " (" + s->variant_name() + ").";
      EXPECT_EQ(html.find("aria-label=\"Weekly shortfall among scenarios short that week, with the share short, " +
                          name) != std::string::npos,
                short_once)
          << name;
      EXPECT_EQ(html.find("aria-label=\"Weekly shortfall over all scenarios, " + name) != std::string::npos, above_zero)
          << name;
      among += short_once ? 1 : 0;
      overall += above_zero ? 1 : 0;
      if (s->is_baseline()) {
        EXPECT_FALSE(above_zero) << name;
      }
    }
  }
  EXPECT_GE(among, 2U);
  EXPECT_GE(overall, 1U);
}

TEST(Uncertainty, ReadsEveryFieldOfTheContract) {
  const std::string dir = uncertainty_folder(test::temp_dir("u-full"), "full.json", kZeroSha);
  const UncertaintyResults u = read_uncertainty(dir);
  EXPECT_EQ(u.model, "demo");
  EXPECT_EQ(u.statistic, "mean");
  EXPECT_EQ(u.rows, 64u);
  EXPECT_EQ(u.scenarios_per_point, 2000u);
  EXPECT_EQ(u.draws, 200u);
  ASSERT_EQ(u.factors.size(), 3u);
  const UncertainFactor& f = u.factors[1];
  EXPECT_EQ(f.id, "blockade_rate");
  EXPECT_EQ(f.tornado_low->value, 10.5);
  EXPECT_EQ(f.tornado_low->difference.value, -6.0);
  EXPECT_EQ(f.tornado_high->difference.ci->hi, 27.0);
  EXPECT_EQ(f.first_order->value, 0.7);
  EXPECT_EQ(f.total->ci->lo, 0.7);
  EXPECT_EQ(f.swing(), 30.0);
  EXPECT_EQ(u.base->value, 16.5);
  EXPECT_EQ(u.epistemic->p95, 38.0);
  EXPECT_EQ(u.noise_to_signal, 0.04);
  EXPECT_EQ(u.epistemic_exceedance->p50.at(2), 0.03);
  ASSERT_EQ(u.policies.size(), 3u);
  EXPECT_EQ(u.policies[1].p_best.ci->lo, 0.53);
  EXPECT_EQ(u.policies[1].p90_regret, 3.0);
  EXPECT_EQ(u.evpi, 2.75);
  std::vector<std::string> swing_order;
  for (const UncertainFactor* g : u.by_swing()) swing_order.push_back(g->id);
  EXPECT_EQ(swing_order, (std::vector<std::string>{"blockade_rate", "fab_recovery", "lng_days"}));
}

TEST(Uncertainty, SectionKeepsConfidenceIntervalsAndEpistemicBandsApart) {
  const std::string dir = compare_folder("u-html");
  const auto groups = gather_report_input({dir, uncertainty_folder(dir + "-u", "full.json", kZeroSha)});
  const std::string html = html_report(groups, ReportOptions{0, "now"});
  EXPECT_EQ(first_column(html, "tornado"),
            (std::vector<std::string>{"How likely a blockade is (assumption)", "Fab recovery after damage",
                                      "LNG stock on hand"}));
  EXPECT_EQ(first_column(html, "sobol"), (std::vector<std::string>{"How likely a blockade is (assumption)",
                                                                   "Fab recovery after damage", "LNG stock on hand"}));
  EXPECT_EQ(first_column(html, "robustness"),
            (std::vector<std::string>{"ecu_second_source", "lng_buffer", "photoresist_stockpile"}));
  EXPECT_NE(html.find("60%<span class=\"ci\">53% – 67%</span>"), std::string::npos);
  // The band rides on the exceedance chart as its own labelled series; the
  // interval charts say which kind of interval each bar is.
  const std::string data = html.substr(html.find("id=\"chart-data\">"));
  EXPECT_NE(data.find("\"band\":{\"label\":\"epistemic band (P5–P95 across assumption draws)\""), std::string::npos);
  EXPECT_NE(data.find("\"p50\":[[1E1,2E-1],[1E2,3E-2],[1E3,1E-3]]"), std::string::npos) << "P = 0 dropped on a log axis";
  EXPECT_NE(data.find("\"ci_label\":\"95% confidence interval (paired), low end\""), std::string::npos);
  EXPECT_NE(data.find("\"ci_label\":\"S1 95% bootstrap interval\""), std::string::npos);
  EXPECT_EQ(data.find("confidence band"), std::string::npos);

  const std::string summary = all_text(memo_summary(groups[0]));
  EXPECT_NE(summary.find("Its probability of being the best policy across the uncertain assumptions: 25% "
                         "(95% CI 19% – 31%)."),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("Across the uncertain assumptions, the mean of loss_total spans P5 9.5 to P95 38 (median "
                         "16): an epistemic band over the assumptions' draws, not a confidence interval. At the "
                         "model's own values it is 16.5 (95% CI 15.2 – 17.8)."),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("The assumption that moves it most is How likely a blockade is (assumption): a change of "
                         "-6 (95% CI -7 – -5) at its low end and 24 (95% CI 21 – 27) at its high end."),
            std::string::npos)
      << summary;

  const std::string md = markdown_report(groups);
  EXPECT_NE(md.find("Epistemic band: P5 9.5, median 16, P95 38 (mean 19). Base case: 16.5 (15.2 – 17.8)."),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| How likely a blockade is (assumption) | -6 (-7 – -5) | 24 (21 – 27) |"), std::string::npos);
  EXPECT_NE(md.find("| How likely a blockade is (assumption) | 0.7 (0.6 – 0.8) | 0.8 (0.7 – 0.9) |"), std::string::npos);
  EXPECT_NE(md.find("| ecu_second_source | 60% (53% – 67%) | 4.5 | 1.25 | 3 |"), std::string::npos);
  EXPECT_NE(md.find("Expected value of perfect information: 2.75."), std::string::npos);
}

TEST(Uncertainty, ATornadoOnlyFileShowsItsTornadoAndNothingItDidNotCompute) {
  const std::string dir = test::temp_dir("u-tornado");
  test::write_results_folder(dir + "/baseline", {demo(), 2000, 1, "", ""});
  const auto base = gather_report_input({dir + "/baseline"});
  const auto groups =
      gather_report_input({dir + "/baseline", uncertainty_folder(dir + "/u", "tornado_only.json", base[0].model_sha256)});
  const UncertaintyResults& u = *groups[0].uncertainty;
  EXPECT_TRUE(u.has_tornado());
  EXPECT_FALSE(u.has_indices());
  EXPECT_FALSE(u.epistemic.has_value());
  EXPECT_TRUE(u.policies.empty());
  EXPECT_FALSE(u.evpi.has_value());
  const std::string html = html_report(groups, ReportOptions{0, "now"});
  EXPECT_NE(html.find("<table class=\"sortable tornado\">"), std::string::npos);
  EXPECT_EQ(html.find("<table class=\"sortable sobol\">"), std::string::npos);
  EXPECT_EQ(html.find("<table class=\"sortable robustness\">"), std::string::npos);
  const std::string summary = all_text(memo_summary(groups[0]));
  EXPECT_NE(summary.find("No single assumption moves it beyond the noise; the widest tornado bar, LNG stock on hand, "
                         "changes it by -10 (95% CI -40 – 20) at its low end and 15 (95% CI -15 – 45) at its high end."),
            std::string::npos)
      << summary;
}

TEST(Uncertainty, BadFilesAndUnmatchedModelsAreInputErrorsThatSayWhere) {
  const std::string dir = test::temp_dir("u-bad");
  test::write_results_folder(dir + "/baseline", {demo(), 2000, 1, "", ""});
  uncertainty_folder(dir + "/other", "full.json", kZeroSha);  // not the SHA-256 of demo.json
  try {
    gather_report_input({dir + "/baseline", dir + "/other"});
    FAIL() << "an uncertainty folder of another model was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), dir + "/other/uncertainty.json: model demo (SHA-256 000000000000) is in none of "
                                           "the results or compare folders given: give its results too");
  }
  test::write_text(dir + "/wrong/uncertainty.json",
                   "{\"format\": \"chokepoint-uncertainty/2\",\n \"study\": {}}\n");
  try {
    read_uncertainty(dir + "/wrong");
    FAIL() << "a wrong format was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), dir + "/wrong/uncertainty.json:1:12: /format: expected "
                                           "\"chokepoint-uncertainty/1\", got string \"chokepoint-uncertainty/2\"");
  }
  test::write_text(dir + "/kind/uncertainty.json",
                   "{\"format\": \"chokepoint-uncertainty/1\",\n \"study\": {\"model\": \"demo\", \"model_sha256\": "
                   "\"x\"},\n \"evpi\": \"high\"}\n");
  try {
    read_uncertainty(dir + "/kind");
    FAIL() << "a string EVPI was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/kind/uncertainty.json:3:10: /evpi: expected a number"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace chokepoint
