// One test per loading rule: the exact message, with line and column.
//
// Expected positions are found by searching the model text for the
// offending token, independently of the loader's JSON-pointer lookup.
#include <gtest/gtest.h>

#include <sstream>

#include "test_support.hh"

namespace chokepoint {
namespace {

// A valid model; each test breaks one thing by replacing a unique snippet.
const std::string kBase = R"({"format": "chokepoint/1", "name": "t", "horizon_weeks": 52,
 "nodes": [
  {"id": "raw", "sector": "s", "capacity": 10, "unit_value": 0},
  {"id": "mid", "sector": "s", "capacity": 10, "unit_value": 1,
   "inputs": [{"name": "x", "per_unit": 1, "inventory_weeks": 2, "suppliers": [{"node": "raw", "share": 1}]}]},
  {"id": "end", "sector": "t", "capacity": 10, "unit_value": 2, "final_demand": {"base": 5},
   "inputs": [{"name": "y", "per_unit": 1, "suppliers": [{"node": "mid", "share": 1}]}]}
 ],
 "events": [
  {"id": "ev", "annual_rate": 1, "duration_weeks": 4, "effects": [{"node": "raw", "capacity_loss": 0.5}]}
 ]}
)";

std::string with(const std::string& from, const std::string& to, std::string text = kBase) {
  const auto at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    ADD_FAILURE() << "snippet not found exactly once: " << from;
    return text;
  }
  return text.replace(at, from.size(), to);
}

std::string at(const std::string& text, const std::string& token, int nth = 1) {
  return test::position_of_token(text, token, nth);
}

std::vector<std::string> errors(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(test::load_error(text));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string first_error(const std::string& text) {
  const auto all = errors(text);
  return all.empty() ? "(loaded without error)" : all.front();
}

/// Break kBase (or `base`) with one replacement; expect the first error at `token`.
void expect_error(const std::string& from, const std::string& to, const std::string& token, const std::string& message,
                  const std::string& base = kBase) {
  const std::string text = with(from, to, base);
  EXPECT_EQ(first_error(text), at(text, token) + ": " + message);
}

TEST(LoaderRules, TheBaseModelLoads) { EXPECT_EQ(test::load_error(kBase), ""); }

// --- JSON text ---------------------------------------------------------------

TEST(LoaderRules, TruncatedFile) {
  const std::string text = kBase.substr(0, 120);
  EXPECT_EQ(first_error(text), "model.json:3:48: invalid JSON: unexpected end of file: incomplete JSON (is the file truncated?)");
  EXPECT_EQ(text.substr(text.rfind('\n') + 1).size(), 47u);  // line 3 has 47 characters: the end is column 48
}

TEST(LoaderRules, SyntaxError) {
  const std::string text = with(R"("name": "t",)", R"("name": "t",,)");
  // The second comma is the error.
  EXPECT_EQ(first_error(text), at(text, ", \"horizon") + ": invalid JSON: syntax error at ','");
  EXPECT_EQ(at(text, ", \"horizon"), "model.json:1:40");
}

TEST(LoaderRules, DuplicateKeyPointsAtTheSecondOne) {
  expect_error(R"("capacity": 10, "unit_value": 0})", R"("capacity": 10, "unit_value": 0, "capacity": 3})",
               R"("capacity": 3)", "/nodes/0/capacity: duplicate key: this object already has a member with this name");
}

TEST(LoaderRules, NumberThatOverflowsADouble) {
  expect_error(R"("base": 5})", R"("base": 1e999})", "1e999",
               "/nodes/2/final_demand/base: number is too large: it overflows a double (largest is about 1.8e308)");
}

TEST(LoaderRules, NestingTooDeep) {
  EXPECT_EQ(first_error(std::string(70, '[') + std::string(70, ']')),
            "model.json:1:65: invalid JSON: nesting deeper than 64 levels");
}

// --- structure (schema) -----------------------------------------------------

TEST(LoaderRules, UnknownKeyWithSuggestion) {
  const std::string text = with(R"("capacity": 10, "unit_value": 0})", R"("capcity": 10, "unit_value": 0})");
  const auto all = errors(text);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], at(text, R"({"id": "raw")") + ": /nodes/0: missing required key \"capacity\"");
  EXPECT_EQ(all[1], at(text, "\"capcity\"") + ": /nodes/0/capcity: unknown key \"capcity\"; did you mean \"capacity\"?");
}

TEST(LoaderRules, UnknownKeyWithoutSuggestionListsTheKnownOnes) {
  expect_error(R"("name": "t",)", R"("name": "t", "colour": "red",)", "\"colour\"",
               "/colour: unknown key \"colour\"; expected one of: format, name, description, horizon_weeks, value_unit, "
               "inventory_refill_rate, regimes, nodes, events, policies, stress_tests, sources, uncertain");
}

TEST(LoaderRules, MissingRequiredKey) {
  expect_error(R"({"id": "raw", "sector": "s", "capacity": 10, "unit_value": 0})",
               R"({"id": "raw", "sector": "s", "capacity": 10})", R"({"id": "raw")",
               "/nodes/0: missing required key \"unit_value\"");
}

TEST(LoaderRules, WrongType) {
  expect_error(R"("capacity": 10, "unit_value": 0})", R"("capacity": "ten", "unit_value": 0})", "\"ten\"",
               "/nodes/0/capacity: expected a number, got string \"ten\"");
}

TEST(LoaderRules, ShareMustBePositive) {
  expect_error(R"({"node": "raw", "share": 1})", R"({"node": "raw", "share": -0.2})", "-0.2",
               "/nodes/1/inputs/0/suppliers/0/share: must be > 0, got -0.2");
}

TEST(LoaderRules, HorizonIsAWholeNumberOfWeeksUpTo520) {
  expect_error(R"("horizon_weeks": 52,)", R"("horizon_weeks": 600,)", "600", "/horizon_weeks: must be <= 520, got 600");
  expect_error(R"("horizon_weeks": 52,)", R"("horizon_weeks": 52.5,)", "52.5",
               "/horizon_weeks: expected an integer (whole number without a decimal point), got number 52.5");
}

TEST(LoaderRules, RefillRateInZeroOne) {
  expect_error(R"("name": "t",)", R"("name": "t", "inventory_refill_rate": 0,)", R"(0, "horizon)",
               "/inventory_refill_rate: must be > 0, got 0");
}

TEST(LoaderRules, IdsAreLowercaseWordCharacters) {
  expect_error(R"({"id": "raw", "sector")", R"({"id": "Raw-1", "sector")", "\"Raw-1\"",
               "/nodes/0/id: ids may contain only a-z, 0-9 and _, got string \"Raw-1\"");
}

TEST(LoaderRules, FormatVersion) {
  expect_error(R"("chokepoint/1")", R"("chokepoint/2")", "\"chokepoint/2\"",
               "/format: expected one of \"chokepoint/1\", got string \"chokepoint/2\"; did you mean \"chokepoint/1\"?");
}

TEST(LoaderRules, DemandFields) {
  expect_error(R"({"base": 5})", R"({"base": 5, "growth_per_year": -1})", "-1",
               "/nodes/2/final_demand/growth_per_year: must be > -1, got -1");
  expect_error(R"({"base": 5})", R"({"base": 5, "volatility": -0.1})", "-0.1",
               "/nodes/2/final_demand/volatility: must be >= 0, got -0.1");
  expect_error(R"({"base": 5})", R"({"base": -5})", "-5", "/nodes/2/final_demand/base: must be >= 0, got -5");
}

TEST(LoaderRules, InputFields) {
  expect_error(R"("name": "x", "per_unit": 1,)", R"("name": "x", "per_unit": 0,)", R"(0, "inventory_weeks")",
               "/nodes/1/inputs/0/per_unit: must be > 0, got 0");
  expect_error(R"("inventory_weeks": 2,)", R"("inventory_weeks": -1,)", "-1",
               "/nodes/1/inputs/0/inventory_weeks: must be >= 0, got -1");
  expect_error(R"("suppliers": [{"node": "mid", "share": 1}])", R"("suppliers": [])", "[]",
               "/nodes/2/inputs/0/suppliers: must have at least 1 item, got 0");
}

TEST(LoaderRules, EventRateAndRecovery) {
  expect_error(R"("annual_rate": 1,)", R"("annual_rate": -0.1,)", "-0.1", "/events/0/annual_rate: must be >= 0, got -0.1");
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": 4, "recovery_weeks": 2.5,)", "2.5",
               "/events/0/recovery_weeks: expected an integer (whole number without a decimal point), got number 2.5");
}

TEST(LoaderRules, DistributionNameWithSuggestion) {
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": {"dist": "lognormall", "median": 4, "sigma": 1},)",
               "\"lognormall\"",
               "/events/0/duration_weeks/dist: expected one of \"uniform\", \"triangular\", \"normal\", \"lognormal\", "
               "\"exponential\", \"loguniform\", \"discrete\", got string \"lognormall\"; did you mean \"lognormal\"?");
}

TEST(LoaderRules, SeveralErrorsAreAllReported) {
  const std::string text = with(R"("capacity": 10, "unit_value": 0})", R"("capacity": -1, "unit_value": -2, "colour": 1})");
  const auto all = errors(text);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], at(text, "-1") + ": /nodes/0/capacity: must be > 0, got -1");
  EXPECT_EQ(all[1], at(text, "-2") + ": /nodes/0/unit_value: must be >= 0, got -2");
  EXPECT_EQ(all[2], at(text, "\"colour\"") + ": /nodes/0/colour: unknown key \"colour\"; expected one of: id, sector, "
                                             "region, label, capacity, unit_value, final_demand, inputs");
}

TEST(LoaderRules, ManyErrorsAreCapped) {
  std::string text = kBase;
  std::string extra;
  for (int i = 0; i < 60; ++i) extra += ", \"bad" + std::to_string(i) + "\": 1";
  text = with(R"("name": "t")", R"("name": "t")" + extra);
  const auto all = errors(text);
  ASSERT_EQ(all.size(), 51u);
  EXPECT_EQ(all.back(), "model.json: ... and 10 more errors (only the first 50 are shown)");
}

// --- rules checked in code ---------------------------------------------------

TEST(LoaderRules, DuplicateNodeId) {
  const std::string text = with(R"({"id": "mid", "sector": "s")", R"({"id": "raw", "sector": "s")");
  EXPECT_EQ(first_error(text), at(text, "\"raw\"", 2) + ": /nodes/1/id: duplicate node id \"raw\" (first used at /nodes/0)");
}

TEST(LoaderRules, DuplicateEventId) {
  const std::string text = with(" ]}\n", R"(, {"id": "ev", "annual_rate": 1, "duration_weeks": 1, "effects": [{"node": "raw", "capacity_loss": 1}]}]}
)");
  EXPECT_EQ(first_error(text), at(text, "\"ev\"", 2) + ": /events/1/id: duplicate event id \"ev\" (first used at /events/0)");
}

TEST(LoaderRules, UnknownSupplierWithSuggestion) {
  expect_error(R"({"node": "mid", "share": 1})", R"({"node": "mdi", "share": 1})", "\"mdi\"",
               "/nodes/2/inputs/0/suppliers/0/node: unknown node \"mdi\"; did you mean \"mid\"?");
}

TEST(LoaderRules, NodeCannotSupplyItself) {
  expect_error(R"({"node": "mid", "share": 1})", R"({"node": "end", "share": 1})", "\"end\", \"share\"",
               "/nodes/2/inputs/0/suppliers/0/node: node \"end\" cannot supply itself");
}

TEST(LoaderRules, SharesSumToOne) {
  expect_error(R"({"node": "raw", "share": 1})", R"({"node": "raw", "share": 0.6}, {"node": "end", "share": 0.3})",
               R"([{"node": "raw")", "/nodes/1/inputs/0/suppliers: shares sum to 0.8999999999999999, must sum to 1 (within 1e-6)");
}

TEST(LoaderRules, CycleIsReportedWithItsIds) {
  expect_error(R"({"id": "raw", "sector": "s", "capacity": 10, "unit_value": 0})",
               R"({"id": "raw", "sector": "s", "capacity": 10, "unit_value": 0,
   "inputs": [{"name": "z", "per_unit": 1, "suppliers": [{"node": "end", "share": 1}]}]})",
               "\"end\", \"share\"",
               "/nodes/0/inputs/0/suppliers/0/node: the supplier graph has a cycle: raw -> mid -> end -> raw "
               "(supplier -> customer)");
}

const std::string kRegimes = R"("name": "t", "regimes": {"states": ["calm", "crisis"], "initial": "calm",
  "weekly_transition": [[0.9, 0.1], [0.5, 0.5]]},)";

TEST(LoaderRules, RegimeRules) {
  const std::string model = with(R"("name": "t",)", kRegimes);
  EXPECT_EQ(test::load_error(model), "");
  expect_error("[0.5, 0.5]", "[0.5, 0.4]", "[0.5, 0.4]",
               "/regimes/weekly_transition/1: row of \"crisis\" sums to 0.9, must sum to 1 (within 1e-9)", model);
  expect_error("[0.5, 0.5]", "[0.5, 0.5], [1, 0]", "[[0.9",
               "/regimes/weekly_transition: must have 2 rows, one per state, got 3", model);
  expect_error(R"("initial": "calm")", R"("initial": "clam")", "\"clam\"",
               "/regimes/initial: unknown regime \"clam\"; did you mean \"calm\"?", model);
  expect_error(R"(["calm", "crisis"])", R"(["calm", "calm"])", "\"calm\"]",
               "/regimes/states/1: duplicate regime \"calm\"", model);
}

TEST(LoaderRules, RateMapNamesEveryRegime) {
  const std::string model = with(R"("name": "t",)", kRegimes);
  expect_error(R"("annual_rate": 1,)", R"("annual_rate": {"calm": 1},)", R"({"calm": 1})",
               "/events/0/annual_rate: missing the rate for regime \"crisis\" (a rate map must name every regime)", model);
  expect_error(R"("annual_rate": 1,)", R"("annual_rate": {"calm": 1, "crisis": 2, "crsis": 3},)", "\"crsis\"",
               "/events/0/annual_rate/crsis: unknown regime \"crsis\"; did you mean \"crisis\"?", model);
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": 4, "regime_shift": "war",)", "\"war\"",
               "/events/0/regime_shift: unknown regime \"war\"", model);
}

TEST(LoaderRules, EffectRules) {
  expect_error(R"({"node": "raw", "capacity_loss": 0.5})", R"({"node": "rwa", "capacity_loss": 0.5})", "\"rwa\"",
               "/events/0/effects/0/node: unknown node \"rwa\"; did you mean \"raw\"?");
  expect_error(R"({"node": "raw", "capacity_loss": 0.5})", R"({"node": "raw"})", R"({"node": "raw"})",
               "/events/0/effects/0: an effect needs exactly one of \"capacity_loss\" and \"demand_change\"");
  expect_error(R"("capacity_loss": 0.5)", R"("capacity_loss": 1.5)", "1.5",
               "/events/0/effects/0/capacity_loss: must be in [0, 1], got 1.5");
  expect_error(R"("capacity_loss": 0.5)", R"("capacity_loss": {"dist": "normal", "mean": 0.5, "sd": 0.1})", R"({"dist")",
               "/events/0/effects/0/capacity_loss: this distribution can produce values outside [0, 1]; give \"min\" "
               "and \"max\" within [0, 1] (or choose parameters that stay inside it)");
  expect_error(R"("capacity_loss": 0.5)", R"("demand_change": -1.5)", "-1.5",
               "/events/0/effects/0/demand_change: must be in [-1, inf), got -1.5");
}

TEST(LoaderRules, DistributionParameters) {
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": {"dist": "lognormal", "median": 4},)", R"({"dist")",
               "/events/0/duration_weeks: a lognormal distribution needs \"sigma\"");
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": {"dist": "uniform", "low": 1, "high": 5, "sd": 2},)",
               "\"sd\"",
               "/events/0/duration_weeks/sd: \"sd\" does not apply to a uniform distribution, which takes \"low\", "
               "\"high\" (and optional \"min\", \"max\")");
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": {"dist": "uniform", "low": 5, "high": 1},)", R"({"dist")",
               "/events/0/duration_weeks: \"low\" (5) must not exceed \"high\" (1)");
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": {"dist": "exponential", "mean": 3, "min": 5, "max": 2},)",
               R"({"dist")", "/events/0/duration_weeks: \"min\" (5) must not exceed \"max\" (2)");
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": -2,)", "-2",
               "/events/0/duration_weeks: must be in [0, inf), got -2");
}

TEST(LoaderRules, LoguniformAndDiscreteDistributions) {
  // Both are part of the grammar for durations and effect sizes, not only for factor operands.
  EXPECT_EQ(test::load_error(with(R"("duration_weeks": 4,)", R"("duration_weeks": {"dist": "loguniform", "low": 1, "high": 8},)")), "");
  EXPECT_EQ(test::load_error(with(R"("capacity_loss": 0.5)",
                                  R"("capacity_loss": {"dist": "discrete", "values": [0.2, 1], "weights": [0.75, 0.25]})")),
            "");
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": {"dist": "loguniform", "low": 0, "high": 8},)", R"({"dist")",
               "/events/0/duration_weeks: needs 0 < low <= high, got low 0 and high 8");
  expect_error(R"("duration_weeks": 4,)", R"("duration_weeks": {"dist": "loguniform", "low": 1, "mean": 8},)", R"({"dist")",
               "/events/0/duration_weeks: a loguniform distribution needs \"high\"");
  expect_error(R"("capacity_loss": 0.5)", R"("capacity_loss": {"dist": "discrete", "values": [0.2, 1], "weights": [1]})",
               "[1]}", "/events/0/effects/0/capacity_loss/weights: needs one weight per value: 2 values, 1 weights");
  expect_error(R"("capacity_loss": 0.5)", R"("capacity_loss": {"dist": "discrete", "values": [0.2, 1], "weights": [0.5, 0.4]})",
               "[0.5, 0.4]", "/events/0/effects/0/capacity_loss/weights: weights sum to 0.9, must sum to 1 (within 1e-6)");
  expect_error(R"("capacity_loss": 0.5)", R"("capacity_loss": {"dist": "discrete", "values": [0.2, 1.5], "weights": [0.5, 0.5]})",
               R"({"dist")",
               "/events/0/effects/0/capacity_loss: this distribution can produce values outside [0, 1]; give \"min\" "
               "and \"max\" within [0, 1] (or choose parameters that stay inside it)");
  expect_error(R"("capacity_loss": 0.5)", R"("capacity_loss": {"dist": "discrete", "values": [0.2], "weights": [1], "low": 0})",
               "\"low\"",
               "/events/0/effects/0/capacity_loss/low: \"low\" does not apply to a discrete distribution, which takes "
               "\"values\", \"weights\" (and optional \"min\", \"max\")");
}

const std::string kStress = R"( ]
, "stress_tests": [{"id": "st", "force": [{"event": "ev", "start_week": 3}]}]}
)";

TEST(LoaderRules, StressTestRules) {
  const std::string model = with(" ]}\n", kStress);
  EXPECT_EQ(test::load_error(model), "");
  expect_error(R"("event": "ev")", R"("event": "eve")", "\"eve\"",
               "/stress_tests/0/force/0/event: unknown event \"eve\"; did you mean \"ev\"?", model);
  expect_error(R"("start_week": 3)", R"("start_week": 60)", "60",
               "/stress_tests/0/force/0/start_week: must be within the horizon (0 to 51), got 60", model);
  expect_error(R"("start_week": 3}]})", R"("start_week": 3}, {"event": "ev", "start_week": 5}]})", "\"ev\", \"start_week\": 5",
               "/stress_tests/0/force/1/event: event \"ev\" is forced twice in this stress test", model);
}

TEST(LoaderRules, SteadyStateOutputLimit) {
  const std::string text = with(R"("per_unit": 1, "suppliers": [{"node": "mid")", R"("per_unit": 1e6, "suppliers": [{"node": "mid")",
                                with(R"("name": "x", "per_unit": 1,)", R"("name": "x", "per_unit": 1e6,)",
                                     with(R"({"base": 5})", R"({"base": 1e6})")));
  EXPECT_EQ(first_error(text), at(text, R"({"id": "raw")") +
                                   ": /nodes/0: steady-state desired output of \"raw\" is 1e+18 units/week, above the "
                                   "limit 1e+15; check per_unit along the chains it supplies");
}

}  // namespace
}  // namespace chokepoint
