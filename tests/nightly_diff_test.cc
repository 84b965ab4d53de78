// Night-to-night comparison: identical nights flag nothing, a doubled event
// rate is flagged (exit status 3), Monte Carlo noise alone is not, a change
// must exceed both the noise and the relative threshold, flagged changes are
// grouped by what changed in the inputs, and a number that moves while no
// input changed is a reproducibility failure (exit status 4).
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <boost/json.hpp>

#include <cmath>
#include <filesystem>

#include "night_diff.hh"
#include "nightly_config.hh"
#include "report_test_support.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

using namespace chokepoint::nightly;
using report::Interval;
using report::LevelEstimate;
using report::MetricResult;
using report::StudyResults;

NightlyConfig suite_config() { return read_nightly_config(test::source_path("scripts/nightly.json")); }

/// A night of the demo model: baseline and one stress test, `n` scenarios.
std::string write_night(const std::string& dir, const std::string& model, std::uint64_t seed, std::uint64_t n = 4000) {
  test::write_results_folder(dir + "/results/demo/baseline", {model, n, seed, "", ""});
  test::write_results_folder(dir + "/results/demo/stress-hormuz_w4_13w", {model, n, seed, "", "hormuz_w4_13w"});
  return dir;
}

std::string demo() { return test::source_path("scenarios/demo.json"); }

NightDiff diff(const std::string& previous, const std::string& current, const NightlyConfig& config) {
  return diff_nights(read_night(previous), read_night(current), config);
}

TEST(NightDiff, IdenticalNightsFlagNothing) {
  const std::string dir = test::temp_dir("same");
  write_night(dir + "/a", demo(), 1);
  write_night(dir + "/b", demo(), 1);
  const NightDiff d = diff(dir + "/a", dir + "/b", suite_config());
  // Two studies, loss_total and three sectors, mean and p_positive; at
  // 4,000 scenarios a batch holds too few beyond 0.99 for a CVaR 99% interval,
  // so CVaR 99% has no noise to compare against.
  EXPECT_EQ(d.changes.size(), 2u * 4u * 2u);
  EXPECT_EQ(d.flagged_increases(), 0u);
  EXPECT_EQ(d.flagged_decreases(), 0u);
  EXPECT_EQ(d.exit_status(), 0);
  for (const StatisticChange& c : d.changes) EXPECT_EQ(c.change(), 0.0) << c.study << " " << c.metric;
  EXPECT_TRUE(d.manifest_changes.empty());
  EXPECT_EQ(d.not_compared, std::vector<std::string>{"cvar99 (2 studies)"});
  EXPECT_TRUE(d.groups.empty());
  EXPECT_FALSE(d.reproducibility_failure());
  const std::string md = night_diff_markdown(d);
  EXPECT_NE(md.find("**No flagged increase.**"), std::string::npos);
  EXPECT_NE(md.find("Nothing in the run manifests"), std::string::npos);
}

TEST(NightDiff, DoubledEventRateIsFlaggedWithStatusThreeAndTheModelChangeIsNamed) {
  const std::string dir = test::temp_dir("doubled");
  const std::string doubled = dir + "/model/demo.json";
  test::write_text(doubled, test::demo_with_scaled_event_rates(2.0));
  write_night(dir + "/a", demo(), 1);
  write_night(dir + "/b", doubled, 1);
  const NightDiff d = diff(dir + "/a", dir + "/b", suite_config());
  EXPECT_EQ(d.exit_status(), 3);
  EXPECT_EQ(d.flagged_decreases(), 0u);
  bool total_mean_flagged = false;
  for (const StatisticChange& c : d.changes) {
    if (c.study == "demo: baseline" && c.metric == "loss_total" && c.statistic == "mean") {
      total_mean_flagged = c.flagged;
      EXPECT_GT(c.relative(), 0.5);
    }
  }
  EXPECT_TRUE(total_mean_flagged);
  const auto sha = std::find_if(d.manifest_changes.begin(), d.manifest_changes.end(),
                                [](const ManifestChange& c) { return c.key == "model_sha256"; });
  ASSERT_NE(sha, d.manifest_changes.end());
  EXPECT_EQ(sha->studies, (std::vector<std::string>{"demo: baseline", "demo: stress test hormuz_w4_13w"}));
  ASSERT_EQ(d.groups.size(), 1u);
  EXPECT_EQ(d.groups[0].cause, "demo.json changed");
  const std::string md = night_diff_markdown(d);
  EXPECT_NE(md.find("**Risk increased**"), std::string::npos);
  EXPECT_NE(md.find("| model_sha256 | "), std::string::npos);
  EXPECT_NE(md.find("| model_file | " + demo() + " | " + doubled + " | all 2 studies |"), std::string::npos) << md;
  const boost::json::value j = night_diff_json(d);
  EXPECT_EQ(j.at("status").as_string(), "risk_increased");
  EXPECT_EQ(j.at("exit_status").as_int64(), 3);
}

TEST(NightDiff, NoiseAloneIsNotFlagged) {
  // Same model, different seeds: the numbers move by Monte Carlo noise only.
  const std::string dir = test::temp_dir("noise");
  write_night(dir + "/a", demo(), 1);
  for (const std::uint64_t seed : {2, 3, 4}) {
    const std::string night = dir + "/seed" + std::to_string(seed);
    write_night(night, demo(), seed);
    const NightDiff d = diff(dir + "/a", night, suite_config());
    EXPECT_EQ(d.flagged_increases() + d.flagged_decreases(), 0u) << "seed " << seed << "\n" << night_diff_markdown(d);
    EXPECT_EQ(d.exit_status(), 0);
    bool moved = false;
    for (const StatisticChange& c : d.changes) moved = moved || c.change() != 0.0;
    EXPECT_TRUE(moved);  // the nights do differ, within the noise
    ASSERT_FALSE(d.manifest_changes.empty());
    EXPECT_EQ(d.manifest_changes[0].key, "seed");
  }
}

/// A study holding one metric with the given mean and standard error, run
/// (as its manifest says) on the model with this SHA-256 on this CPU.
StudyResults study_with_mean(double mean, double se, const std::string& model_sha256 = "aaa",
                             const std::string& cpu = "EPYC") {
  StudyResults s;
  s.model = "m";
  s.folder = "f";
  s.manifest = boost::json::object{{"model_file", "models/m.json"},
                                   {"model_sha256", model_sha256},
                                   {"seed", 1},
                                   {"hardware", boost::json::object{{"cpu", cpu}}}};
  MetricResult m;
  m.name = "loss_total";
  m.count = 1000;
  m.mean = mean;
  m.se = se;
  m.p_positive = 0.5;
  m.cvar.push_back(LevelEstimate{0.99, 10 * mean, true, std::nullopt});  // no interval
  s.metrics.push_back(m);
  return s;
}

TEST(NightDiff, AChangeIsFlaggedOnlyBeyondBothTheNoiseAndTheThreshold) {
  NightlyConfig config = suite_config();
  config.metrics = {"loss_total"};
  config.statistics = {"mean"};
  config.relative_threshold = 0.10;
  config.confidence = 0.95;  // one comparison: z = 1.96
  const auto flagged = [&](double before, double after, double se) {
    const NightDiff d =
        diff_nights({"a", {study_with_mean(before, se, "aaa")}}, {"b", {study_with_mean(after, se, "bbb")}}, config);
    EXPECT_NEAR(d.z, 1.959963984540054, 1e-9);
    return d.changes.at(0).flagged;
  };
  // noise = 1.96 * sqrt(2) * se = 2.77 se
  EXPECT_TRUE(flagged(100, 120, 1));    // +20%, 20 > 2.77
  EXPECT_FALSE(flagged(100, 105, 1));   // beyond the noise, within 10%
  EXPECT_FALSE(flagged(100, 120, 10));  // beyond 10%, within the noise (27.7)
  EXPECT_TRUE(flagged(100, 130, 10));   // beyond both
  EXPECT_TRUE(flagged(100, 70, 10));    // a decrease is flagged too...
  const NightDiff down =
      diff_nights({"a", {study_with_mean(100, 10, "aaa")}}, {"b", {study_with_mean(70, 10, "bbb")}}, config);
  EXPECT_EQ(down.exit_status(), 0);  // ...but only an increase fails the night
  EXPECT_EQ(down.flagged_decreases(), 1u);
}

TEST(NightDiff, FlaggedChangesAreGroupedByCauseAndAnUnchangedModelAddsNoGroup) {
  // Two models: demo with every event rate doubled, energy the same both nights.
  const std::string dir = test::temp_dir("grouped");
  const std::string doubled = dir + "/model/demo.json";
  test::write_text(doubled, test::demo_with_scaled_event_rates(2.0));
  const std::string energy = test::source_path("scenarios/energy.json");
  for (const auto& [night, model] : {std::pair{dir + "/a", demo()}, std::pair{dir + "/b", doubled}}) {
    write_night(night, model, 1);
    test::write_results_folder(night + "/results/energy/baseline", {energy, 1000, 1, "", ""});
  }
  const NightDiff d = diff(dir + "/a", dir + "/b", suite_config());
  EXPECT_FALSE(d.reproducibility_failure());
  EXPECT_EQ(d.exit_status(), 3);
  for (const StatisticChange& c : d.changes) {
    if (c.study.starts_with("energy:")) {
      EXPECT_EQ(c.cause, "") << c.metric;
      EXPECT_EQ(c.change(), 0.0) << c.metric;
    } else {
      EXPECT_EQ(c.cause, "demo.json changed") << c.study;
    }
  }
  ASSERT_EQ(d.groups.size(), 1u);
  const CauseGroup& g = d.groups[0];
  EXPECT_EQ(g.studies, (std::vector<std::string>{"demo: baseline", "demo: stress test hormuz_w4_13w"}));
  EXPECT_EQ(g.changes.size(), d.flagged_increases() + d.flagged_decreases());
  const StatisticChange& lead = d.changes[g.changes.front()];
  EXPECT_EQ(lead.metric + " " + lead.statistic, "loss_total mean");
  for (const std::size_t i : g.changes) {
    EXPECT_TRUE(d.changes[i].flagged);
    if (d.changes[i].metric == "loss_total" && d.changes[i].statistic == "mean") {
      EXPECT_LE(std::fabs(d.changes[i].relative()), std::fabs(lead.relative()));
    }
  }
  // One summary line, the rows folded below it.
  const std::string md = night_diff_markdown(d);
  const std::string line = fmt::format("demo.json changed: 2 studies, {} flagged ({} up", g.changes.size(),
                                       d.flagged_increases());
  EXPECT_NE(md.find("\n" + line), std::string::npos) << md;
  EXPECT_EQ(md.find(line), md.rfind(line));
  EXPECT_NE(md.find(fmt::format("<details><summary>the {} changes</summary>", g.changes.size())), std::string::npos);
  EXPECT_EQ(md.find("energy: baseline"), std::string::npos) << "the unchanged model is not among the changes";
  const boost::json::value j = night_diff_json(d);
  ASSERT_EQ(j.at("groups").as_array().size(), 1u);
  EXPECT_EQ(j.at("groups").at(0).at("cause").as_string(), "demo.json changed");
}

TEST(NightDiff, CauseSummaryGivesTheHeadlineChangeWithItsInterval) {
  // 100 -> 348 with noise 8: +248%, interval (248 -+ 8) / 100.
  std::vector<StatisticChange> changes = {
      {"m: baseline", "loss.energy", "mean", 10, 40, 1, "m.json changed", true, true},        // +300%
      {"m: baseline", "loss_total", "mean", 100, 348, 8, "m.json changed", true, true},       // the headline
      {"m: policy p", "loss_total", "p_positive", 0.5, 0.25, 0.01, "m.json changed", true, true}};
  const std::vector<CauseGroup> groups = group_by_cause(changes);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].changes, (std::vector<std::size_t>{1, 0, 2}));
  EXPECT_EQ(cause_summary(groups[0], changes),
            "m.json changed: 2 studies, 3 flagged (2 up, 1 down); loss_total mean +248% (interval +240% to +256%) in "
            "m: baseline");
  changes[1].previous = 0;  // from 0: the change in amounts
  changes[1].current = 20;
  EXPECT_EQ(cause_summary(group_by_cause(changes)[0], changes),
            "m.json changed: 2 studies, 3 flagged (2 up, 1 down); loss_total mean from 0 to 20 (interval of the "
            "change 12 to 28) in m: baseline");
}

TEST(NightDiff, ManifestMembersAreSortedIntoCauses) {
  const std::vector<MemberChange> all = {{"model_sha256", "aaa", "bbb"},
                                         {"git_commit", "c1", "c2"},
                                         {"seed", "1", "2"},
                                         {"scenarios", "10", "20"},
                                         {"hardware.cpu", "EPYC", "Xeon"},
                                         {"backend", "cpu", "cuda"}};
  EXPECT_EQ(change_cause(all, "scenarios/semiconductors.json"),
            "semiconductors.json changed and code version changed (git_commit c1 → c2) and sizes or seed changed "
            "(seed 1 → 2, scenarios 10 → 20)");
  // Machine, backend and the file's path never move the numbers.
  EXPECT_EQ(change_cause({all[4], all[5], {"model_file", "a/m.json", "b/m.json"}}, "b/m.json"), "");
  EXPECT_EQ(change_cause({{"new_member", "1", "2"}}, "m.json"), "new_member changed (1 → 2)");
}

TEST(NightDiff, ANumberThatMovesWhenNoInputChangedIsAReproducibilityFailure) {
  NightlyConfig config = suite_config();
  config.metrics = {"loss_total"};
  config.statistics = {"mean"};
  config.relative_threshold = 0.10;
  config.confidence = 0.95;  // noise = 1.96 * sqrt(2) * se = 2.77 for se = 1
  const auto night = [](const StudyResults& s) { return NightResults{"n", {s}}; };
  // 100 -> 103: beyond the noise, within the threshold, same inputs.
  const NightDiff d = diff_nights(night(study_with_mean(100, 1)), night(study_with_mean(103, 1)), config);
  EXPECT_EQ(d.flagged_increases(), 0u);
  EXPECT_TRUE(d.reproducibility_failure());
  EXPECT_EQ(d.exit_status(), 4);
  ASSERT_EQ(d.groups.size(), 1u);
  EXPECT_TRUE(d.groups[0].reproducibility_failure());
  const std::string md = night_diff_markdown(d);
  EXPECT_NE(md.find("**Reproducibility failure**: 1 number moved beyond the Monte Carlo noise in 1 study whose "
                    "inputs did not change"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("\nnothing changed: 1 study, 1 moved beyond the noise (1 up); loss_total mean +3% (interval "),
            std::string::npos)
      << md;
  EXPECT_EQ(night_diff_json(d).at("status").as_string(), "reproducibility_failure");
  // Another machine does not excuse it: results are the same on every machine.
  const NightDiff other_cpu =
      diff_nights(night(study_with_mean(100, 1)), night(study_with_mean(103, 1, "aaa", "Xeon")), config);
  EXPECT_EQ(other_cpu.exit_status(), 4);
  // Within the noise (2 < 2.77) it is not raised...
  EXPECT_FALSE(diff_nights(night(study_with_mean(100, 1)), night(study_with_mean(102, 1)), config)
                   .reproducibility_failure());
  // ...nor when the model changed: then it is a change within the threshold.
  const NightDiff model_changed =
      diff_nights(night(study_with_mean(100, 1)), night(study_with_mean(103, 1, "bbb")), config);
  EXPECT_FALSE(model_changed.reproducibility_failure());
  EXPECT_EQ(model_changed.exit_status(), 0);
  EXPECT_TRUE(model_changed.groups.empty());
}

TEST(NightDiff, NoiseBandWidensWithTheNumberOfComparisons) {
  NightlyConfig config = suite_config();
  config.metrics = {"loss_total"};
  config.statistics = {"mean", "p_positive"};
  config.confidence = 0.95;
  const NightDiff d = diff_nights({"a", {study_with_mean(1, 1)}}, {"b", {study_with_mean(1, 1)}}, config);
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_NEAR(d.z, 2.241402727604947, 1e-9);  // Phi^-1(1 - 0.05 / 4)
}

TEST(NightDiff, StatisticsWithoutAnIntervalAreListedAsNotCompared) {
  NightlyConfig config = suite_config();
  config.metrics = {"loss_total"};
  config.statistics = {"mean", "cvar99"};
  const NightDiff d = diff_nights({"a", {study_with_mean(1, 1)}}, {"b", {study_with_mean(9, 1)}}, config);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].statistic, "mean");
  EXPECT_EQ(d.not_compared, std::vector<std::string>{"cvar99 (1 study)"});
  EXPECT_NE(
      night_diff_markdown(d).find("Not compared, for want of a confidence interval in the results: cvar99 (1 study)."),
      std::string::npos);
}

TEST(NightDiff, StandardErrorsComeFromIntervalsWhenTheResultsHaveThem) {
  MetricResult m;
  m.mean = 10;
  m.se = 1;
  m.count = 100;
  m.p_positive = 0.2;
  EXPECT_EQ(estimate_statistic(m, "mean", 0.95).se, 1.0);
  m.mean_ci = Interval{6.080072030919892, 13.919927969080108};  // +-1.96 * 2
  EXPECT_NEAR(estimate_statistic(m, "mean", 0.95).se, 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(estimate_statistic(m, "p_positive", 0.95).se, 0.04);  // sqrt(0.2 * 0.8 / 100)
  m.cvar.push_back(LevelEstimate{0.99, 50, true, std::nullopt});
  EXPECT_EQ(estimate_statistic(m, "cvar99", 0.95).value, 50.0);
  EXPECT_TRUE(std::isnan(estimate_statistic(m, "cvar99", 0.95).se));
  m.cvar[0].ci = Interval{50 - 1.959963984540054 * 5, 50 + 1.959963984540054 * 5};
  EXPECT_NEAR(estimate_statistic(m, "cvar99", 0.95).se, 5.0, 1e-12);
  EXPECT_NEAR(estimate_statistic(m, "cvar99", 0.99).se, 5.0 * 1.959963984540054 / 2.5758293035489, 1e-9);
}

TEST(NightDiff, StudiesOnlyInOneNightAreListed) {
  const std::string dir = test::temp_dir("only");
  write_night(dir + "/a", demo(), 1, 500);
  test::write_results_folder(dir + "/b/results/demo/baseline", {demo(), 500, 1, "", ""});
  test::write_results_folder(dir + "/b/results/demo/policy-lng_buffer", {demo(), 500, 1, "lng_buffer", ""});
  const NightDiff d = diff(dir + "/a", dir + "/b", suite_config());
  EXPECT_EQ(d.only_previous, std::vector<std::string>{"demo: stress test hormuz_w4_13w"});
  EXPECT_EQ(d.only_current, std::vector<std::string>{"demo: policy lng_buffer"});
}

TEST(NightlyConfig, TheSuiteRunsEveryBundledScenario) {
  const NightlyConfig config = suite_config();
  std::vector<std::string> listed;
  for (const NightlyModel& m : config.models) listed.push_back(m.file);
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("scenarios"))) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json" || name == "chokepoint.schema.json") continue;
    EXPECT_NE(std::find(listed.begin(), listed.end(), "scenarios/" + name), listed.end()) << name;
  }
}

TEST(NightlyConfig, PlanNamesEachModelsFolderAndRefusesTwoThatWouldShareOne) {
  NightlyConfig config = suite_config();
  config.models = {{demo(), 1234}, {test::source_path("scenarios/energy.json"), 99}};
  const auto plan = plan_nightly_models(config);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].model_file, demo());
  EXPECT_EQ(plan[0].folder, "demo");
  EXPECT_EQ(plan[0].scenarios, 1234u);
  EXPECT_EQ(plan[0].seed, config.seed);
  EXPECT_EQ(plan[1].folder, "energy");
  EXPECT_EQ(plan[1].scenarios, 99u);
  const std::string copy = test::temp_dir("plan") + "/demo.json";
  test::write_text(copy, test::read_text(demo()));
  config.models = {{demo(), 10}, {copy, 10}};
  try {
    plan_nightly_models(config);
    FAIL() << "two models sharing a folder were accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), demo() + " and " + copy + " would share the results folder demo: rename one");
  }
}

TEST(NightlyConfig, MistakesAreInputErrorsThatSayWhere) {
  const std::string dir = test::temp_dir("config");
  const std::string path = dir + "/c.json";
  const auto error_of = [&](const std::string& text) {
    test::write_text(path, text);
    try {
      read_nightly_config(path);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // "model.json:LINE:COL" of a token, as the error about it should say.
  const auto at = [&](const std::string& text, const std::string& token) {
    return path + test::position_of_token(text, token).substr(std::string("model.json").size());
  };
  const std::string head = R"({"format": "chokepoint-nightly/1", "seed": 1, "scenarios": 10, )";
  const std::string models = R"("models": [{"file": "x"}], )";
  const auto compare = [](const std::string& statistic, const std::string& confidence) {
    return R"("compare": {"metrics": ["loss_total"], "statistics": [")" + statistic +
           R"("], "relative_threshold": 0.1, "confidence": )" + confidence + "}}";
  };
  const std::string typo = head + R"("modles": [], )" + compare("mean", "0.95");
  EXPECT_EQ(error_of(typo), at(typo, "\"modles\"") + ": /modles: unknown member \"modles\"; did you mean \"models\"?");
  const std::string statistic = head + models + compare("cvar98", "0.95");
  EXPECT_EQ(error_of(statistic), at(statistic, "\"cvar98\"") +
                                     ": /compare/statistics/0: unknown statistic \"cvar98\"; did you mean \"cvar95\"?; "
                                     "statistics: mean, p_positive, var95, cvar95, var99, cvar99");
  const std::string certain = head + models + compare("mean", "1");
  EXPECT_EQ(error_of(certain),
            at(certain, "1}") + ": /compare/confidence: expected a number between 0 and 1 (exclusive), got 1");
}

TEST(MetricPattern, MatchesExactlyOrByPrefixWithAStar) {
  EXPECT_TRUE(metric_matches("loss.*", "loss.energy"));
  EXPECT_FALSE(metric_matches("loss.*", "loss_total"));
  EXPECT_TRUE(metric_matches("loss_total", "loss_total"));
  EXPECT_FALSE(metric_matches("loss_total", "loss_total2"));
}

}  // namespace
}  // namespace chokepoint
