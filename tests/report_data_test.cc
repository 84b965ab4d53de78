// The report's data: what the HTML and Markdown show is what results.json,
// comparison.json and a replay say.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>
#include <boost/json.hpp>

#include <cmath>
#include <filesystem>
#include <regex>

#include "chart_specs.hh"
#include "comparison_results.hh"
#include "diagnostics.hh"
#include "html_report.hh"
#include "html_table.hh"
#include "markdown_report.hh"
#include "number_format.hh"
#include "report_input.hh"
#include "report_test_support.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

using namespace chokepoint::report;

namespace json = boost::json;

std::string demo() { return test::source_path("scenarios/demo.json"); }

std::string report_of(const std::vector<std::string>& folders, std::size_t timelines = 3) {
  return html_report(gather_report_input(folders), ReportOptions{timelines, "2026-01-01T00:00:00Z"});
}

/// The data-sort keys of each body row of the first table with class `css_class`.
std::vector<std::vector<std::string>> table_rows(const std::string& html, const std::string& css_class) {
  const std::size_t begin = html.find("<table class=\"sortable " + css_class + "\">");
  const std::size_t end = html.find("</table>", begin);
  EXPECT_NE(begin, std::string::npos) << css_class;
  const std::string table = html.substr(begin, end - begin);
  std::vector<std::vector<std::string>> rows;
  const std::regex row_re("<tr>(.*?)</tr>");
  const std::regex key_re("data-sort=\"([^\"]*)\"");
  for (auto r = std::sregex_iterator(table.begin(), table.end(), row_re); r != std::sregex_iterator(); ++r) {
    const std::string row = (*r)[1];
    std::vector<std::string> keys;
    for (auto k = std::sregex_iterator(row.begin(), row.end(), key_re); k != std::sregex_iterator(); ++k) {
      keys.push_back((*k)[1]);
    }
    if (!keys.empty()) rows.push_back(keys);  // the heading row has no data-sort
  }
  return rows;
}

json::array chart_specs(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"chart-data\">";
  const std::size_t begin = html.find(open) + open.size();
  const std::size_t end = html.find("</script>", begin);
  return json::parse(html.substr(begin, end - begin)).at("charts").as_array();
}

std::vector<json::object> charts_of_type(const std::string& html, const std::string& type) {
  std::vector<json::object> out;
  for (const json::value& c : chart_specs(html)) {
    if (c.at("type").as_string() == type) out.push_back(c.as_object());
  }
  return out;
}

const json::object& metric_of(const json::value& results, const std::string& name) {
  for (const json::value& m : results.at("metrics").as_array()) {
    if (m.at("name").as_string() == name) return m.as_object();
  }
  throw std::runtime_error("no metric " + name);
}

double number(const json::value& v) { return v.to_number<double>(); }
std::uint64_t whole(const json::value& v) { return v.to_number<std::uint64_t>(); }

/// "value (lo – hi)" as the Markdown writes an estimate with its interval.
std::string with_ci(const json::value& estimate, const char* value_key, const char* ci_key) {
  const std::string value = format_amount(number(estimate.at(value_key)));
  const json::value& ci = estimate.at(ci_key);
  if (ci.is_null()) return value + " (CI n/a)";  // no interval can be trusted (docs/RESULTS.md)
  // A null bound is unknown.
  const auto bound = [](const json::value& b) { return b.is_null() ? std::string("n/a") : format_amount(number(b)); };
  return fmt::format("{} ({} – {})", value, bound(ci.as_array().at(0)), bound(ci.as_array().at(1)));
}

/// The number a data-sort key holds (they are written in shortest round-trip form).
double key_number(const std::string& key) { return std::stod(key); }

class ReportOfDemo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Tests run as separate processes, perhaps at once: one folder each.
    folder_ = new std::string(
        (std::filesystem::temp_directory_path() / fmt::format("chokepoint-report-demo-{}", ::getpid())).string());
    std::filesystem::remove_all(*folder_);
    test::write_results_folder(*folder_, {demo(), 3000, 7, "", ""});
    html_ = new std::string(report_of({*folder_}));
    results_ = new json::value(json::parse(test::read_text(*folder_ + "/results.json")));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*folder_);
    delete folder_;
    delete html_;
    delete results_;
  }
  static std::string* folder_;
  static std::string* html_;
  static json::value* results_;
};
std::string* ReportOfDemo::folder_ = nullptr;
std::string* ReportOfDemo::html_ = nullptr;
json::value* ReportOfDemo::results_ = nullptr;

TEST_F(ReportOfDemo, HeadlineTableHoldsTheResultsNumbers) {
  // The total in the headline table; the sectors in the folded table below it.
  const auto total = table_rows(*html_, "headline");
  const auto sectors = table_rows(*html_, "headline-sectors");
  const std::vector<std::string> metrics = {"loss_total", "loss.semiconductors", "loss.automotive", "loss.energy"};
  ASSERT_EQ(total.size(), 1u);
  ASSERT_EQ(sectors.size(), metrics.size() - 1);
  EXPECT_NE(html_->find("<details class=\"sectors\"><summary>Per sector</summary>"), std::string::npos);
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    const json::object& m = metric_of(*results_, metrics[i]);
    std::vector<std::string> row = i == 0 ? total[0] : sectors[i - 1];
    EXPECT_EQ(row[0], "baseline");
    if (i > 0) {
      EXPECT_EQ(row[1], metrics[i].substr(5));
      row.erase(row.begin() + 1);
    }
    ASSERT_EQ(row.size(), 7u);
    EXPECT_EQ(key_number(row[1]), number(m.at("mean"))) << metrics[i];
    EXPECT_EQ(key_number(row[2]), number(m.at("var").at(0).at("value")));
    EXPECT_EQ(key_number(row[3]), number(m.at("cvar").at(0).at("value")));
    EXPECT_EQ(key_number(row[4]), number(m.at("var").at(1).at("value")));
    EXPECT_EQ(key_number(row[5]), number(m.at("cvar").at(1).at("value")));
    EXPECT_EQ(key_number(row[6]), number(m.at("p_positive")));
  }
  const json::array& ci = metric_of(*results_, "loss_total").at("mean_ci").as_array();
  EXPECT_NE(html_->find(fmt::format("<span class=\"ci\">{} – {}</span>", format_amount(number(ci.at(0))),
                                    format_amount(number(ci.at(1))))),
            std::string::npos);
}

TEST_F(ReportOfDemo, ExceedanceChartPointsAreTheResultsCurve) {
  const auto curves = charts_of_type(*html_, "exceedance");
  ASSERT_EQ(curves.size(), 4u);  // total and three sectors
  const json::array& points = curves[0].at("series").at(0).at("points").as_array();
  const json::array& curve = metric_of(*results_, "loss_total").at("exceedance").as_array();
  ASSERT_GT(points.size(), 10u);
  // Every point drawn is a point of the curve, the curve's last positive
  // probability is drawn, and the chart's P axis reaches below it.
  for (const json::value& p : points) {
    const bool found = std::any_of(curve.begin(), curve.end(), [&](const json::value& c) {
      return number(c.at(0)) == number(p.at(0)) && number(c.at(1)) == number(p.at(1));
    });
    EXPECT_TRUE(found) << json::serialize(p);
  }
  double last_positive = 0.0;
  for (const json::value& c : curve) {
    if (number(c.at(1)) > 0.0) last_positive = number(c.at(1));
  }
  EXPECT_EQ(number(points.back().at(1)), last_positive);
  EXPECT_LE(number(curves[0].at("p_min")), last_positive);
  EXPECT_EQ(curves[0].at("horizon_weeks").as_int64(), 52);
}

TEST_F(ReportOfDemo, HistogramHoldsTheProbabilityOfEveryPositiveLoss) {
  const auto histograms = charts_of_type(*html_, "histogram");
  ASSERT_GE(histograms.size(), 1u);
  const json::array& bins = histograms[0].at("bins").as_array();
  double mass = 0.0;
  for (const json::value& b : bins) {
    EXPECT_LT(number(b.at("lo")), number(b.at("hi")));
    mass += number(b.at("p"));
  }
  // Every positive loss lies above the curve's first edge (2^-40), so the
  // bins hold P(loss > 0).
  EXPECT_NEAR(mass, number(metric_of(*results_, "loss_total").at("p_positive")), 1e-12);
  EXPECT_LE(bins.size(), 40u);
}

TEST_F(ReportOfDemo, WorstScenariosAreListedInOrderAndReplayedToTheSameLoss) {
  const auto rows = table_rows(*html_, "worst");
  const json::array& worst = results_->at("worst_scenarios").as_array();
  ASSERT_EQ(rows.size(), worst.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], std::to_string(i + 1));
    EXPECT_EQ(rows[i][1], std::to_string(whole(worst[i].at("scenario"))));
    EXPECT_EQ(key_number(rows[i][2]), number(worst[i].at("loss_total")));
  }
  const auto weekly = charts_of_type(*html_, "weekly_loss");
  ASSERT_EQ(weekly.size(), 3u);  // the default: three timelines
  for (std::size_t i = 0; i < weekly.size(); ++i) {
    double total = 0.0;
    for (const json::value& sector : weekly[i].at("loss").as_array()) {
      for (const json::value& week : sector.as_array()) total += number(week);
    }
    const double expected = number(worst[i].at("loss_total"));
    EXPECT_NEAR(total, expected, 1e-9 * expected) << "timeline " << i;
    EXPECT_EQ(weekly[i].at("regime").as_array().size(), 52u);
  }
  EXPECT_NE(html_->find(fmt::format("#1: scenario {},", whole(worst[0].at("scenario")))), std::string::npos);
  EXPECT_EQ(html_->find("the engine has changed"), std::string::npos);
}

TEST_F(ReportOfDemo, TailAttributionSharesAndLiftsComeFromTheResults) {
  const json::object& tail = results_->at("tail").as_object();
  const auto rows = table_rows(*html_, "tail");
  double total = 0.0;
  for (const auto& member : tail.at("sector_mean_loss").as_object()) total += number(member.value());
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& row : rows) {
    const double loss = number(tail.at("sector_mean_loss").at(row[0]));
    EXPECT_EQ(key_number(row[1]), loss);
    EXPECT_DOUBLE_EQ(key_number(row[2]), loss / total);
  }
  const auto lifts = table_rows(*html_, "lift");
  ASSERT_EQ(lifts.size(), 4u);
  EXPECT_EQ(lifts[0][0], "taiwan_blockade");
  EXPECT_EQ(key_number(lifts[0][1]), number(tail.at("event_lift").at("taiwan_blockade")));
}

TEST_F(ReportOfDemo, ManifestAndSourcesAreShown) {
  const auto runs = table_rows(*html_, "manifest");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0][2], "7");     // seed
  EXPECT_EQ(runs[0][3], "3000");  // scenarios
  const std::string sha(results_->at("study").at("model_sha256").as_string());
  EXPECT_NE(html_->find("SHA-256 <code>" + sha), std::string::npos);
  EXPECT_NE(html_->find("Round illustrative figures chosen for the demo; not calibrated."), std::string::npos);
}

TEST_F(ReportOfDemo, NeedsNothingFromTheNetwork) {
  // Everything inline: no element loads a file or URL.
  EXPECT_EQ(html_->find("<script src"), std::string::npos);
  EXPECT_EQ(html_->find("<link"), std::string::npos);
  EXPECT_EQ(html_->find("<img"), std::string::npos);
  EXPECT_NE(html_->find("content=\"default-src 'none'; script-src 'unsafe-inline'"), std::string::npos);
  EXPECT_NE(html_->find("Chart.js v3.9.1"), std::string::npos);  // the library itself, inlined
}

TEST(ReportData, MarkdownHasTheHeadlineNumbers) {
  const std::string dir = test::temp_dir("md");
  test::write_results_folder(dir, {demo(), 2000, 3, "", ""});
  const json::value results = json::parse(test::read_text(dir + "/results.json"));
  const json::object& total = metric_of(results, "loss_total");
  const std::string md = markdown_report(gather_report_input({dir}));
  EXPECT_EQ(md.substr(0, md.find('\n')), "### demo: baseline");
  EXPECT_NE(md.find("2,000 scenarios, seed 3; losses in USD million over 52 weeks."), std::string::npos);
  const std::string row =
      fmt::format("| total | {} | {} | {} | {} | {} | {} |", with_ci(total, "mean", "mean_ci"),
                  with_ci(total.at("var").at(0), "value", "ci"), with_ci(total.at("cvar").at(0), "value", "ci"),
                  with_ci(total.at("var").at(1), "value", "ci"), with_ci(total.at("cvar").at(1), "value", "ci"),
                  format_percent(number(total.at("p_positive"))));
  EXPECT_NE(md.find(row), std::string::npos) << md;
}

TEST(ReportData, ResultsWithoutConfidenceIntervalsSayNA) {
  // Results written before intervals existed: no mean_ci, no ci.
  const std::string dir = test::temp_dir("no-ci");
  test::write_results_folder(dir, {demo(), 2000, 3, "", ""});
  json::value results = json::parse(test::read_text(dir + "/results.json"));
  for (json::value& m : results.at("metrics").as_array()) {
    m.as_object().erase("mean_ci");
    for (const char* list : {"quantiles", "var", "cvar"}) {
      for (json::value& e : m.at(list).as_array()) e.as_object().erase("ci");
    }
  }
  test::write_text(dir + "/results.json", json::serialize(results));
  const auto groups = gather_report_input({dir});
  EXPECT_FALSE(groups[0].studies[0].metric("loss_total")->mean_ci.has_value());
  const std::string html = html_report(groups, ReportOptions{0, "now"});
  // The headline's estimates say so rather than show an empty interval.
  const std::size_t headline = html.find("<table class=\"sortable headline\">");
  const std::string table = html.substr(headline, html.find("</table>", headline) - headline);
  EXPECT_NE(table.find("<span class=\"ci\">CI n/a</span>"), std::string::npos);
  EXPECT_EQ(table.find("<span class=\"ci\">0 – 0</span>"), std::string::npos);
  const std::string md = markdown_report(groups);
  EXPECT_NE(md.find("| 0 (CI n/a) |"), std::string::npos) << md;
}

TEST(ReportData, ConfidenceIntervalsAreShownAsTheResultsGiveThem) {
  const std::string dir = test::temp_dir("ci");
  test::write_results_folder(dir, {demo(), 2000, 3, "", ""});
  json::value results = json::parse(test::read_text(dir + "/results.json"));
  for (json::value& m : results.at("metrics").as_array()) {
    if (m.at("name").as_string() != "loss_total") continue;
    m.as_object()["mean_ci"] = json::array{11.5, 13.25};
    m.at("cvar").at(1).as_object()["ci"] = json::array{900, 1100};
    m.at("cvar").at(0).as_object()["ci"] = nullptr;  // "null" means none, as absent does
  }
  test::write_text(dir + "/results.json", json::serialize(results));
  const auto groups = gather_report_input({dir});
  const MetricResult* total = groups[0].studies[0].metric("loss_total");
  ASSERT_TRUE(total->mean_ci.has_value());
  EXPECT_EQ(total->mean_ci->lo, 11.5);
  EXPECT_EQ(total->mean_ci->hi, 13.25);
  EXPECT_FALSE(total->cvar_at(0.95)->ci.has_value());
  const std::string html = html_report(groups, ReportOptions{0, "now"});
  EXPECT_NE(html.find("<span class=\"ci\">11.5 – 13.2</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"ci\">900 – 1,100</span>"), std::string::npos);
  const std::string md = markdown_report(groups);
  EXPECT_NE(md.find("(11.5 – 13.2)"), std::string::npos) << md;
  EXPECT_NE(md.find("(900 – 1,100)"), std::string::npos) << md;
}

TEST(ReportData, CompareFolderIsReadWithItsComparisonJson) {
  const std::string dir = test::temp_dir("compare");
  test::write_results_folder(dir + "/baseline", {demo(), 2000, 1, "", ""});
  test::write_results_folder(dir + "/policy-lng_buffer", {demo(), 2000, 1, "lng_buffer", ""});
  test::write_results_folder(dir + "/stress-hormuz_w4_13w", {demo(), 2000, 1, "", "hormuz_w4_13w"});
  test::write_text(dir + "/comparison.json", test::read_text(test::source_path("tests/data/report/comparison.json")));
  const auto groups = gather_report_input({dir});
  ASSERT_EQ(groups.size(), 1u);
  ASSERT_TRUE(groups[0].comparison.has_value());
  const ComparisonResults& c = *groups[0].comparison;
  EXPECT_TRUE(c.paired);
  ASSERT_EQ(c.variants.size(), 2u);
  EXPECT_EQ(c.variants[0].folder, dir + "/policy-lng_buffer");
  EXPECT_EQ(groups[0].studies.size(), 3u);
  // The fixture's SHA-256 is not the file's: the report says so instead of replaying.
  EXPECT_NE(groups[0].model_file.problem.find("has changed since the run"), std::string::npos);

  const std::string html = html_report(groups, ReportOptions{3, "now"});
  const auto policies = table_rows(html, "policies");
  ASSERT_EQ(policies.size(), 1u);
  EXPECT_EQ(policies[0][0], "lng_buffer");
  EXPECT_EQ(policies[0][2], "60");
  EXPECT_EQ(policies[0][3], "-3.25");
  EXPECT_EQ(policies[0][4], "-100");
  EXPECT_EQ(policies[0][5], "0.0541666");
  EXPECT_EQ(policies[0][7], "1");
  EXPECT_NE(html.find("<span class=\"ci\">-4.5 – -2</span>"), std::string::npos);
  EXPECT_NE(html.find("from one paired run"), std::string::npos);
  EXPECT_NE(html.find("Timelines omitted: the model file"), std::string::npos);
  const auto differences = charts_of_type(html, "intervals");
  ASSERT_EQ(differences.size(), 2u);
  const json::object& mean = differences[0].at("series").at(0).as_object();
  const json::array& interval = mean.at("intervals").at(0).as_array();
  EXPECT_EQ(number(interval.at(0)), -4.5);
  EXPECT_EQ(number(interval.at(1)), -2.0);
  EXPECT_EQ(number(mean.at("values").at(0)), -3.25);
  const auto stress = table_rows(html, "stress");
  ASSERT_EQ(stress.size(), 2u);
  EXPECT_EQ(stress[1][6], "45");

  const std::string md = markdown_report(groups);
  EXPECT_NE(md.find("| policy lng_buffer | 13.2 | 1,400 | -3.25 (-4.5 – -2) | -100 (-180 – -20) | 1 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| stress test hormuz_w4_13w | 61.5 | 3,400 | 45 (39.1 – 50.9) | 1,900 (CI n/a) | – |"),
            std::string::npos)
      << md;
}

TEST(ReportData, SeparateFoldersAreComparedWithIndependentIntervalsAndCostRanks) {
  const std::string dir = test::temp_dir("derived");
  test::write_results_folder(dir + "/baseline", {demo(), 2000, 1, "", ""});
  const std::vector<std::string> policies = {"photoresist_stockpile", "ecu_second_source", "lng_buffer"};
  std::vector<std::string> folders = {dir + "/baseline"};
  for (const std::string& p : policies) {
    folders.push_back(dir + "/" + p);
    test::write_results_folder(folders.back(), {demo(), 2000, 1, p, ""});
  }
  const auto groups = gather_report_input(folders);
  ASSERT_TRUE(groups[0].comparison.has_value());
  const ComparisonResults& c = *groups[0].comparison;
  EXPECT_FALSE(c.paired);
  const MetricResult& base = *groups[0].baseline()->metric("loss_total");
  const std::vector<double> costs = {15, 40, 60};  // demo.json's annual costs, over a 52-week horizon
  std::vector<std::pair<double, std::string>> by_value;
  for (std::size_t i = 0; i < policies.size(); ++i) {
    const VariantComparison& v = c.variants[i];
    EXPECT_EQ(v.id, policies[i]);
    const MetricResult& m = *groups[0].studies[i + 1].metric("loss_total");
    const MetricDifference* d = v.difference("loss_total");
    EXPECT_EQ(d->mean_difference, m.mean - base.mean);
    EXPECT_DOUBLE_EQ(d->mean_difference_se, std::sqrt(base.se * base.se + m.se * m.se));
    EXPECT_DOUBLE_EQ(d->mean_difference_ci->hi - d->mean_difference, 1.959963984540054 * d->mean_difference_se);
    ASSERT_TRUE(v.cost_effectiveness.has_value());
    EXPECT_DOUBLE_EQ(v.cost_effectiveness->expected_loss_reduction_per_cost, -(m.mean - base.mean) / costs[i]);
    by_value.emplace_back(-v.cost_effectiveness->expected_loss_reduction_per_cost, v.id);
  }
  std::sort(by_value.begin(), by_value.end());
  for (std::size_t rank = 0; rank < by_value.size(); ++rank) {
    for (const VariantComparison& v : c.variants) {
      if (v.id == by_value[rank].second) {
        EXPECT_EQ(v.cost_effectiveness->rank, rank + 1) << v.id;
      }
    }
  }
  EXPECT_EQ(c.variants[0].label, "Eight more weeks of photoresist at the logic foundry");
}

TEST(ReportData, MissingOrChangedModelFileOmitsTimelinesAndSaysWhy) {
  const std::string dir = test::temp_dir("model");
  const std::string model = dir + "/model/demo.json";
  test::write_text(model, test::read_text(demo()));
  test::write_results_folder(dir + "/run", {model, 1000, 1, "", ""});

  test::write_text(model, test::read_text(demo()) + "\n");
  std::string html = report_of({dir + "/run"});
  EXPECT_NE(html.find("Timelines omitted: the model file " + model + " has changed since the run"), std::string::npos);
  EXPECT_TRUE(charts_of_type(html, "weekly_loss").empty());

  std::filesystem::remove(model);
  html = report_of({dir + "/run"});
  EXPECT_NE(html.find("Timelines omitted: the model file " + model + " is not there"), std::string::npos);
  EXPECT_NE(html.find("Sources omitted: the model file"), std::string::npos);
  EXPECT_TRUE(charts_of_type(html, "weekly_loss").empty());
  EXPECT_FALSE(charts_of_type(html, "exceedance").empty());  // the rest of the report is there
}

TEST(ReportData, BadFoldersAreInputErrorsThatSayWhere) {
  const std::string dir = test::temp_dir("bad");
  try {
    gather_report_input({dir});
    FAIL() << "an empty folder was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir + ": no results.json, comparison.json or uncertainty.json: not a results, compare or uncertainty "
                    "folder");
  }
  try {
    gather_report_input({dir + "/missing"});
    FAIL() << "a missing folder was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), dir + "/missing: no such folder");
  }
  test::write_text(dir + "/results.json", "{\"format\": \"other\"}");
  try {
    gather_report_input({dir + "/results.json"});
    FAIL() << "a file was accepted as a folder";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), dir + "/results.json: not a folder (give the folder that holds results.json)");
  }
  try {
    gather_report_input({dir});
    FAIL() << "a results.json of another format was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              dir + "/results.json:1:12: /format: expected \"chokepoint-results/1\", got string \"other\"");
  }
}

TEST(ReportData, TextFromModelsCannotBreakOutOfTheReport) {
  ChartSet charts;
  charts.figure(bar_chart({{"</script><b>", 1.0}}, "axis", "amount"), "a <caption>");
  const std::string script = charts.data_script();
  EXPECT_EQ(script.find("</script><b>"), std::string::npos);
  EXPECT_NE(script.find("\\u003c/script>\\u003cb>"), std::string::npos);
  EXPECT_EQ(escape_html("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
}

}  // namespace
}  // namespace chokepoint
