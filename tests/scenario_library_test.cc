// The bundled scenario library: every file loads and runs, and sanity
// properties that a broken model would violate.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>

#include "replay.hh"
#include "study_statistics.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

namespace json = boost::json;

std::vector<std::string> bundled_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("scenarios"))) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".json" && name != "chokepoint.schema.json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

StudyStatistics run(const Scenario& s, const StressTest* stress, std::uint64_t n, std::uint64_t seed = 3) {
  const CompiledModel model = CompiledModel::compile(s, stress);
  StudyOptions options;
  options.scenarios = n;
  options.seed = seed;
  options.batches = 4;  // few batches: these tests look at means, not intervals
  const StudyRun r = run_study(model, options, nullptr);
  return compute_statistics(r.accumulator, r.batches, model);
}

const MetricStatistics& metric(const StudyStatistics& s, const std::string& name) {
  for (const MetricStatistics& m : s.metrics) {
    if (m.name == name) return m;
  }
  throw std::runtime_error("no output " + name);
}

const StressTest* stress_of(const Scenario& s, const std::string& id) {
  for (const StressTest& t : s.stress_tests) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

TEST(ScenarioLibrary, EveryFileLoadsAndRunsWithEachPolicyAndStressTest) {
  const auto files = bundled_files();
  EXPECT_GE(files.size(), 7u);
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const LoadedScenario loaded = load_scenario(file);
    const StudyStatistics base = run(loaded.scenario, nullptr, 200);
    EXPECT_EQ(base.scenarios, 200u);
    EXPECT_TRUE(std::isfinite(metric(base, "loss_total").mean));
    for (const Policy& p : loaded.scenario.policies) {
      const StudyStatistics with = run(scenario_with_policy(loaded, p.id), nullptr, 50);
      EXPECT_TRUE(std::isfinite(metric(with, "loss_total").mean)) << p.id;
    }
    for (const StressTest& t : loaded.scenario.stress_tests) {
      const StudyStatistics with = run(loaded.scenario, &t, 50);
      EXPECT_TRUE(std::isfinite(metric(with, "loss_total").mean)) << t.id;
    }
  }
}

TEST(ScenarioLibrary, AtRestWithoutEventsNothingIsShort) {
  // No events, no demand growth, no volatility: every model must carry its
  // base demand exactly, in every week.
  for (const std::string& file : bundled_files()) {
    SCOPED_TRACE(file);
    json::value doc = json::parse(test::read_text(file));
    json::object& root = doc.as_object();
    root["events"] = json::array();
    root.erase("policies");
    root.erase("stress_tests");
    root.erase("uncertain");  // its factors name the events removed above
    for (auto& node : root["nodes"].as_array()) {
      if (auto* demand = node.as_object().if_contains("final_demand")) {
        demand->as_object()["growth_per_year"] = 0;
        demand->as_object()["volatility"] = 0;
      }
    }
    const LoadedScenario loaded = test::load_ok(json::serialize(doc));
    const StudyStatistics at_rest = run(loaded.scenario, nullptr, 50);
    EXPECT_EQ(metric(at_rest, "loss_total").max, 0.0);
    for (const MetricStatistics& m : at_rest.metrics) {
      if (m.name.rfind("peak_shortfall.", 0) == 0) {
        EXPECT_EQ(m.max, 0.0) << m.name;
      }
    }
  }
}

TEST(ScenarioLibrary, ATaiwanBlockadeRaisesSemiconductorLossFarAboveBaseline) {
  const LoadedScenario loaded = load_scenario(test::source_path("scenarios/strategic_industries.json"));
  const StudyStatistics base = run(loaded.scenario, nullptr, 2000);
  const StudyStatistics blockade = run(loaded.scenario, stress_of(loaded.scenario, "blockade_6m"), 2000);
  const double before = metric(base, "loss.semiconductors").mean;
  const double after = metric(blockade, "loss.semiconductors").mean;
  EXPECT_GT(after, 10.0 * before) << "baseline " << before << ", blockade " << after;
  EXPECT_EQ(metric(blockade, "starts.taiwan_strait_blockade").min, 1.0);  // forced in every scenario
}

TEST(ScenarioLibrary, RemovingAnEventLowersTheLoss) {
  const std::string file = test::source_path("scenarios/strategic_industries.json");
  json::value doc = json::parse(test::read_text(file));
  for (auto& event : doc.as_object()["events"].as_array()) {
    if (event.as_object()["id"] == "taiwan_strait_blockade") event.as_object()["annual_rate"] = 0;
  }
  doc.as_object().erase("stress_tests");  // they force the removed event
  const LoadedScenario without = test::load_ok(json::serialize(doc));
  const LoadedScenario with = load_scenario(file);
  const double base = metric(run(with.scenario, nullptr, 4000), "loss_total").mean;
  const double removed = metric(run(without.scenario, nullptr, 4000), "loss_total").mean;
  EXPECT_LT(removed, base);
}

TEST(ScenarioLibrary, AStockpileLowersThePeakShortfallOfTheNodeItCovers) {
  // Demo: a forced photoresist outage, with and without eight more weeks of
  // photoresist at the logic foundry (policy photoresist_stockpile).
  std::string text = test::read_text(test::source_path("scenarios/demo.json"));
  const std::string anchor = R"("stress_tests": [)";
  text.replace(text.find(anchor), anchor.size(), anchor + R"(
    {"id": "resist_outage", "force": [{"event": "photoresist_plant_fire", "start_week": 4, "duration_weeks": 12,
                                       "capacity_loss": 0.9}]},)");
  const LoadedScenario loaded = test::load_ok(text);
  const auto peak_ratio = [&](const Scenario& s) {
    const CompiledModel model = CompiledModel::compile(s, stress_of(s, "resist_outage"));
    const std::size_t node = 2;  // tw_logic_foundry in file order
    EXPECT_EQ(s.nodes[node].id, "tw_logic_foundry");
    double worst = 0.0;
    for (std::uint64_t scenario = 0; scenario < 20; ++scenario) {
      for (const WeekRecord& w : replay_scenario(model, 1, scenario).weeks) {
        if (w.demand[node] > 0) worst = std::max(worst, w.shortfall[node] / w.demand[node]);
      }
    }
    return worst;
  };
  const double without = peak_ratio(loaded.scenario);
  const double with = peak_ratio(scenario_with_policy(loaded, "photoresist_stockpile"));
  EXPECT_GT(without, 0.1);
  EXPECT_LT(with, without);
}

}  // namespace
}  // namespace chokepoint
