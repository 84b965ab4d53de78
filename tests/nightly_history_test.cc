// The nightly index's history: each model's headline numbers read from its
// baseline, trend charts with markers on nights whose inputs changed, linked
// to that night's comparison, pruning that keeps the pruned nights' numbers,
// and the history as CSV.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <boost/json.hpp>
#include <boost/math/distributions/binomial.hpp>

#include <cmath>
#include <filesystem>

#include "json_writer.hh"
#include "night_diff.hh"
#include "night_history.hh"
#include "night_index.hh"
#include "nightly_config.hh"
#include "report_test_support.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

using namespace chokepoint::nightly;
namespace json = boost::json;

const std::vector<std::string> kNights = {"2026-11-01T020000Z", "2026-11-02T020000Z", "2026-11-03T020000Z"};

/// A finished night of the demo model's baseline (`model` for its file),
/// compared with `previous` when there is one, as scripts/nightly leaves it.
void write_night(const std::string& out, const std::string& name, const std::string& model,
                 const std::string& previous = "") {
  const std::string night = out + "/" + name;
  test::write_results_folder(night + "/results/demo/baseline", {model, 2000, 1, "", ""});
  test::write_text(night + "/report.html", "<!DOCTYPE html>");
  if (previous.empty()) return;
  const NightlyConfig config = read_nightly_config(test::source_path("scripts/nightly.json"));
  const NightDiff d = diff_nights(read_night(out + "/" + previous), read_night(night), config);
  test::write_text(night + "/diff.md", night_diff_markdown(d));
  test::write_text(night + "/diff.json", to_pretty_json(night_diff_json(d)));
}

/// Three nights: the demo model twice, then with every event rate doubled.
std::string three_nights(const std::string& name) {
  const std::string dir = test::temp_dir(name);
  const std::string doubled = dir + "/model/demo.json";
  test::write_text(doubled, test::demo_with_scaled_event_rates(2.0));
  std::string out = dir + "/nights";
  write_night(out, kNights[0], test::source_path("scenarios/demo.json"));
  write_night(out, kNights[1], test::source_path("scenarios/demo.json"), kNights[0]);
  write_night(out, kNights[2], doubled, kNights[1]);
  return out;
}

/// The chart specs of an index page (its #chart-data element).
json::array chart_specs(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"chart-data\">";
  const std::size_t begin = html.find(open) + open.size();
  return json::parse(html.substr(begin, html.find("</script>", begin) - begin)).at("charts").as_array();
}

/// loss_total of a results.json as the file says it: [mean, ci lo, ci hi].
std::vector<double> written_mean(const std::string& results_json) {
  const json::value r = json::parse(test::read_text(results_json));
  for (const json::value& m : r.at("metrics").as_array()) {
    if (m.at("name").as_string() == "loss_total") {
      return {m.at("mean").to_number<double>(), m.at("mean_ci").at(0).to_number<double>(),
              m.at("mean_ci").at(1).to_number<double>()};
    }
  }
  return {};
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(NightHistory, TrendChartsShowEachNightsHeadlineAndMarkTheNightWhoseModelChanged) {
  const std::string out = three_nights("trends");
  update_night_index(out, std::nullopt);
  const std::string html = test::read_text(out + "/index.html");
  EXPECT_EQ(count_of(html, "<canvas data-chart="), 3u);  // one model: mean, CVaR 99%, P(loss > 0)
  const json::array specs = chart_specs(html);
  ASSERT_EQ(specs.size(), 3u);
  const json::object& mean = specs[0].as_object();
  EXPECT_EQ(mean.at("type").as_string(), "trend");
  ASSERT_EQ(mean.at("labels").as_array().size(), 3u);
  for (std::size_t i = 0; i < kNights.size(); ++i) {
    EXPECT_EQ(mean.at("labels").at(i).as_string(), kNights[i]);  // oldest first
    const std::vector<double> written = written_mean(out + "/" + kNights[i] + "/results/demo/baseline/results.json");
    ASSERT_EQ(written.size(), 3u);
    EXPECT_EQ(mean.at("value").at(i).to_number<double>(), written[0]);
    EXPECT_EQ(mean.at("lo").at(i).to_number<double>(), written[1]);
    EXPECT_EQ(mean.at("hi").at(i).to_number<double>(), written[2]);
  }
  // The same seed and model: the first two nights agree exactly; doubled rates raise the mean.
  EXPECT_EQ(mean.at("value").at(0), mean.at("value").at(1));
  EXPECT_GT(mean.at("value").at(2).to_number<double>(), 1.5 * mean.at("value").at(1).to_number<double>());
  // One marker, on the third night, linked to its comparison, on every chart.
  const json::value marker =
      json::parse(R"([{"night": 2, "what": ["model file"], "href": ")" + kNights[2] + R"(/diff.md"}])");
  for (const json::value& spec : specs) EXPECT_EQ(spec.at("markers"), marker);
  EXPECT_NE(html.find("<li><a href=\"" + kNights[2] + "/diff.md\">" + kNights[2] + "</a>: model file</li>"),
            std::string::npos);
  EXPECT_NE(html.find(">risk increased<"), std::string::npos);
  EXPECT_NE(html.find(">first night<"), std::string::npos);
  EXPECT_NE(html.find(std::string(night_index_script_text())), std::string::npos);
}

TEST(NightHistory, PruningDeletesOldFoldersButTheIndexKeepsTheirNumbers) {
  const std::string out = three_nights("prune");
  update_night_index(out, std::nullopt);
  const json::array before = chart_specs(test::read_text(out + "/index.html"));
  update_night_index(out, 2);
  EXPECT_FALSE(std::filesystem::exists(out + "/" + kNights[0]));
  EXPECT_TRUE(std::filesystem::exists(out + "/" + kNights[1] + "/results"));
  EXPECT_TRUE(std::filesystem::exists(out + "/" + kNights[2] + "/results"));
  const std::string html = test::read_text(out + "/index.html");
  EXPECT_EQ(chart_specs(html), before);  // every night's numbers, the pruned one's too
  EXPECT_EQ(html.find("href=\"" + kNights[0] + "/"), std::string::npos);  // no link into a deleted folder
  EXPECT_EQ(count_of(html, ">pruned<"), 2u);                              // its report and comparison cells
  // A fourth night: the history keeps growing while only two folders stay.
  write_night(out, "2026-11-04T020000Z", test::source_path("scenarios/demo.json"), kNights[2]);
  update_night_index(out, 2);
  EXPECT_FALSE(std::filesystem::exists(out + "/" + kNights[1]));
  const std::vector<NightSummary> nights = read_history(out);
  ASSERT_EQ(nights.size(), 4u);
  EXPECT_EQ(nights[3].name, kNights[0]);
  EXPECT_FALSE(nights[3].kept);
  EXPECT_EQ(nights[3].status, "first night");
  EXPECT_EQ(nights[0].models.at(0).mean.value, before[0].at("value").at(0).to_number<double>());
  // Back to the demo model: a marker there too, now linked to the fourth night.
  const json::array after = chart_specs(test::read_text(out + "/index.html"));
  ASSERT_EQ(after[0].at("markers").as_array().size(), 2u);
  EXPECT_EQ(after[0].at("markers").at(1).at("href").as_string(), "2026-11-04T020000Z/diff.md");
}

TEST(NightHistory, CsvHasOneRowPerNightAndModelWithTheInputsThatChanged) {
  const std::string out = three_nights("csv");
  const std::string csv = history_csv(read_history(out));
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < csv.size();) {
    const std::size_t end = csv.find('\n', at);
    lines.push_back(csv.substr(at, end - at));
    at = end + 1;
  }
  ASSERT_EQ(lines.size(), 4u) << csv;
  EXPECT_EQ(lines[0],
            "night,status,model,unit,scenarios,seed,model_sha256,code_version,machine_class,inputs_changed,"
            "mean,mean_lo,mean_hi,cvar99,cvar99_lo,cvar99_hi,p_positive,p_positive_lo,p_positive_hi");
  for (std::size_t i = 0; i < kNights.size(); ++i) {
    EXPECT_TRUE(lines[i + 1].starts_with(kNights[i] + ",")) << lines[i + 1];
    const std::vector<double> mean = written_mean(out + "/" + kNights[i] + "/results/demo/baseline/results.json");
    EXPECT_NE(lines[i + 1].find(fmt::format(",{},{},{},", mean[0], mean[1], mean[2])), std::string::npos);
  }
  EXPECT_NE(lines[1].find(",first night,demo,USD million,2000,1,"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("\",,"), std::string::npos) << lines[2];  // after the machine class: nothing changed
  EXPECT_NE(lines[3].find(",risk increased,"), std::string::npos);
  EXPECT_NE(lines[3].find("\",model file,"), std::string::npos) << lines[3];
  // The command prints the same.
  const auto r = test::run_cli("nightly history " + out);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, csv);
}

TEST(NightHistory, HeadlineIntervalOfPLossPositiveIsTheExactBinomialOne) {
  report::StudyResults s;
  s.model = "m";
  report::MetricResult m;
  m.name = "loss_total";
  m.count = 500;
  m.p_positive = 0.018;  // 9 of 500
  s.metrics.push_back(m);
  const Estimate p = read_headline(s).p_positive;
  // Clopper-Pearson: the bounds at which seeing at least (at most) 9 has probability 2.5%.
  const auto at_least_9 = [](double q) { return cdf(complement(boost::math::binomial(500, q), 8.0)); };
  const auto at_most_9 = [](double q) { return cdf(boost::math::binomial(500, q), 9.0); };
  EXPECT_NEAR(at_least_9(p.lo), 0.025, 1e-9);
  EXPECT_NEAR(at_most_9(p.hi), 0.025, 1e-9);
  EXPECT_LT(p.lo, 0.018);
  EXPECT_GT(p.hi, 0.018);
}

TEST(NightHistory, InputsThatChangedAreNamed) {
  ModelHeadline a;
  a.model_sha256 = "aaa";
  a.code_version = "0.1.0 c1";
  a.scenarios = 100;
  a.seed = 1;
  a.machine_class = "AMD EPYC, cpu";
  EXPECT_TRUE(changed_inputs(a, a).empty());
  ModelHeadline b = a;
  b.code_version = "0.1.0 c2";
  b.scenarios = 200;
  b.machine_class = "Xeon, cuda";
  EXPECT_EQ(changed_inputs(a, b), (std::vector<std::string>{"code version", "sizes", "machine class"}));
  b = a;
  b.model_sha256 = "bbb";
  b.seed = 2;
  EXPECT_EQ(changed_inputs(a, b), (std::vector<std::string>{"model file", "seed"}));
}

TEST(NightHistory, ABrokenHistoryFileIsAnInputErrorThatSaysWhere) {
  const std::string out = test::temp_dir("broken-history");
  test::write_text(out + "/history.json", R"({"format": "chokepoint-nightly-history/9", "nights": []})");
  try {
    read_history(out);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              out + "/history.json:1:12: /format: expected \"chokepoint-nightly-history/1\"");
  }
  const auto r = test::run_cli("nightly index " + out + " --keep 0");
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace chokepoint
