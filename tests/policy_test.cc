// Policies: set, add and scale on every kind of target, and their errors.
#include <gtest/gtest.h>

#include "test_support.hh"

namespace chokepoint {
namespace {

const std::string kModel = R"({"format": "chokepoint/1", "name": "p", "horizon_weeks": 52,
 "regimes": {"states": ["calm", "crisis"], "initial": "calm", "weekly_transition": [[0.9, 0.1], [0.2, 0.8]]},
 "nodes": [
  {"id": "a", "sector": "s", "capacity": 10, "unit_value": 0},
  {"id": "b", "sector": "s", "capacity": 10, "unit_value": 0},
  {"id": "c", "sector": "s", "capacity": 20, "unit_value": 2, "final_demand": {"base": 5},
   "inputs": [{"name": "x", "per_unit": 1, "inventory_weeks": 2, "suppliers": [{"node": "a", "share": 1}]}]}],
 "events": [{"id": "e", "annual_rate": {"calm": 0.5, "crisis": 2}, "recovery_weeks": 3,
   "duration_weeks": {"dist": "lognormal", "median": 10, "sigma": 0.5, "max": 40},
   "effects": [{"node": "a", "capacity_loss": {"dist": "uniform", "low": 0.2, "high": 0.6}}]}],
 "policies": [POLICIES]})";

std::string model_with(const std::string& policies) {
  std::string m = kModel;
  return m.replace(m.find("POLICIES"), 8, policies);
}

Scenario applied(const std::string& policy) {
  const LoadedScenario loaded = test::load_ok(model_with(policy));
  return scenario_with_policy(loaded, loaded.scenario.policies[0].id);
}

TEST(Policy, AddToInventoryWeeks) {
  const Scenario s = applied(R"({"id": "p", "changes": [{"node": "c", "input": "x", "field": "inventory_weeks", "add": 8}]})");
  EXPECT_EQ(s.nodes[2].inputs[0].inventory_weeks, 10.0);
}

TEST(Policy, SetSupplierList) {
  const Scenario s = applied(R"({"id": "p", "changes": [{"node": "c", "input": "x", "field": "suppliers",
      "set": [{"node": "a", "share": 0.5}, {"node": "b", "share": 0.5}]}]})");
  ASSERT_EQ(s.nodes[2].inputs[0].suppliers.size(), 2u);
  EXPECT_EQ(s.nodes[2].inputs[0].suppliers[1].node, "b");
}

TEST(Policy, ScaleNodeAndDemandFields) {
  const Scenario s = applied(R"({"id": "p", "changes": [{"node": "a", "field": "capacity", "scale": 1.5},
      {"node": "c", "field": "final_demand.base", "scale": 2}, {"node": "c", "field": "final_demand.growth_per_year", "add": 0.1}]})");
  EXPECT_EQ(s.nodes[0].capacity, 15.0);
  EXPECT_EQ(s.nodes[2].final_demand->base, 10.0);
  EXPECT_EQ(s.nodes[2].final_demand->growth_per_year, 0.1);
}

TEST(Policy, ScaleRateMapDistributionAndRecovery) {
  const Scenario s = applied(R"({"id": "p", "changes": [{"event": "e", "field": "annual_rate", "scale": 0.5},
      {"event": "e", "field": "duration_weeks", "scale": 0.5}, {"event": "e", "field": "recovery_weeks", "scale": 1.5},
      {"event": "e", "effect": "a", "field": "capacity_loss", "scale": 0.5}]})");
  const Event& e = s.events[0];
  EXPECT_EQ(e.annual_rate, (std::vector<double>{0.25, 1.0}));
  EXPECT_EQ(e.duration.dist.a, 5.0);    // median halves
  EXPECT_EQ(e.duration.dist.b, 0.5);    // sigma is a shape: unchanged
  EXPECT_EQ(e.duration.dist.max, 20.0);  // clamps scale too
  EXPECT_EQ(e.recovery_weeks, 5);        // 4.5 rounds to a whole week
  EXPECT_EQ(e.effects[0].size.dist.a, 0.1);
  EXPECT_EQ(e.effects[0].size.dist.b, 0.3);
}

TEST(Policy, SetAnEventFieldToADistribution) {
  const Scenario s = applied(R"({"id": "p", "changes": [{"event": "e", "field": "duration_weeks", "set": 3}]})");
  EXPECT_EQ(s.events[0].duration.dist.kind, DistKind::fixed);
  EXPECT_EQ(s.events[0].duration.dist.a, 3.0);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

/// The first error of the model with `policies`, expected at `token`.
void expect_first(const std::string& policies, const std::string& token, const std::string& message) {
  const std::string text = model_with(policies);
  EXPECT_EQ(first_line(test::load_error(text)), test::position_of_token(text, token) + ": " + message);
}

TEST(Policy, UnknownTargetsAreReportedAtTheChange) {
  expect_first(R"({"id": "p", "changes": [{"node": "cc", "field": "capacity", "add": 1}]})", "\"cc\"",
               "/policies/0/changes/0/node: unknown node \"cc\"; did you mean \"c\"?");
  expect_first(R"({"id": "p", "changes": [{"node": "c", "input": "y", "field": "per_unit", "add": 1}]})", "\"y\"",
               "/policies/0/changes/0/input: node \"c\" has no input \"y\"; did you mean \"x\"?");
  expect_first(R"({"id": "p", "changes": [{"node": "c", "field": "annual_rate", "add": 1}]})", "\"annual_rate\", \"add",
               "/policies/0/changes/0/field: \"annual_rate\" is not a field of a node; its fields are: capacity, "
               "unit_value, final_demand.base, final_demand.growth_per_year, final_demand.volatility");
  expect_first(R"({"id": "p", "changes": [{"event": "e", "effect": "c", "field": "capacity_loss", "set": 1}]})",
               "\"c\", \"field", "/policies/0/changes/0/effect: event \"e\" has no capacity_loss effect on node \"c\"");
}

TEST(Policy, OperationRules) {
  expect_first(R"({"id": "p", "changes": [{"node": "c", "input": "x", "field": "suppliers", "scale": 2}]})",
               R"({"node": "c", "input")", "/policies/0/changes/0: a supplier list can only be replaced with \"set\"");
  expect_first(R"({"id": "p", "changes": [{"node": "a", "field": "capacity", "add": 1, "scale": 2}]})",
               R"({"node": "a", "field")",
               "/policies/0/changes/0: a change needs exactly one of \"set\", \"add\" and \"scale\", got 2");
  expect_first(R"({"id": "p", "changes": [{"event": "e", "field": "duration_weeks", "add": 2}]})",
               R"({"event": "e", "field")",
               "/policies/0/changes/0: \"add\" applies to numbers and rate maps; use \"set\" or \"scale\" for a "
               "distribution");
}

TEST(Policy, TheResultMustPassEveryRule) {
  expect_first(R"({"id": "p", "changes": [{"node": "a", "field": "capacity", "scale": 0}]})", R"({"node": "a", "field")",
               "/policies/0/changes/0: with policy \"p\" applied, /nodes/0/capacity: must be > 0, got 0");
  expect_first(R"({"id": "p", "changes": [{"node": "c", "input": "x", "field": "suppliers",
      "set": [{"node": "a", "share": 0.5}, {"node": "b", "share": 0.4}]}]})",
               R"({"node": "c", "input")",
               "/policies/0/changes/0: with policy \"p\" applied, /nodes/2/inputs/0/suppliers: shares sum to 0.9, must "
               "sum to 1 (within 1e-6)");
}

TEST(Policy, APolicyMayNotCreateACycle) {
  // Node a gets an input from b; the policy makes c (a's customer) its supplier.
  std::string looped = model_with(
      R"({"id": "loop", "changes": [{"node": "a", "input": "z", "field": "suppliers", "set": [{"node": "c", "share": 1}]}]})");
  const std::string plain_a = R"({"id": "a", "sector": "s", "capacity": 10, "unit_value": 0})";
  looped.replace(looped.find(plain_a), plain_a.size(),
                 R"({"id": "a", "sector": "s", "capacity": 10, "unit_value": 0, "inputs": [{"name": "z", "per_unit": 1, "suppliers": [{"node": "b", "share": 1}]}]})");
  EXPECT_EQ(first_line(test::load_error(looped)),
            test::position_of_token(looped, R"({"node": "a", "input")") +
                ": /policies/0/changes/0: with policy \"loop\" applied, /nodes/0/inputs/0/suppliers/0/node: the "
                "supplier graph has a cycle: a -> c -> a (supplier -> customer)");
}

TEST(Policy, UnknownPolicyId) {
  const LoadedScenario loaded = test::load_ok(model_with(R"({"id": "stockpile", "changes": [{"node": "a", "field": "capacity", "add": 1}]})"));
  try {
    scenario_with_policy(loaded, "stockpil");
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "model.json: unknown policy \"stockpil\"; did you mean \"stockpile\"?");
  }
}

}  // namespace
}  // namespace chokepoint
