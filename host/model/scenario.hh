// A loaded scenario file (format chokepoint/1), as typed host data.
//
// Every element keeps the JSON pointer it was read from (`where`), so that a
// rule checked after loading can say where the offending value is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "distribution.hh"
#include "model_view.hh"

namespace chokepoint {

/// A distribution as the user wrote it. For lognormal, `a` is the median
/// (the compiled form in kernels/distribution.hh holds its logarithm).
struct DistSpec {
  Distribution dist;
  std::string where;
};

struct Supplier {
  std::string node;
  double share = 0.0;
  std::string where;
};

struct Input {
  std::string name;
  double per_unit = 0.0;
  double inventory_weeks = 0.0;
  std::vector<Supplier> suppliers;
  std::string where;
};

struct FinalDemand {
  double base = 0.0;
  double growth_per_year = 0.0;
  double volatility = 0.0;
};

struct Node {
  std::string id;
  std::string sector;
  std::string region;
  std::string label;
  double capacity = 0.0;
  double unit_value = 0.0;
  std::optional<FinalDemand> final_demand;
  std::vector<Input> inputs;
  std::string where;
};

struct Effect {
  std::string node;
  EffectKind kind = EffectKind::capacity_loss;
  DistSpec size;
  std::string where;
};

struct Event {
  std::string id;
  std::string label;
  std::vector<double> annual_rate;  // per regime, in the order of Regimes::states
  DistSpec duration;
  std::int32_t recovery_weeks = 0;
  std::optional<std::string> regime_shift;
  std::vector<Effect> effects;
  std::string where;
};

struct Regimes {
  std::vector<std::string> states;
  std::string initial;
  std::vector<std::vector<double>> weekly_transition;
  std::string where;
};

struct Policy {
  std::string id;
  std::string label;
  std::optional<double> annual_cost;
  std::string where;  // its changes are applied to the JSON document (host/policy.hh)
};

struct Force {
  std::string event;
  std::int32_t start_week = 0;
  std::optional<std::int32_t> duration_weeks;
  std::optional<double> capacity_loss;
  std::string where;
};

struct StressTest {
  std::string id;
  std::string label;
  std::vector<Force> force;
  std::string where;
};

struct Source {
  std::string id;
  std::string citation;
  std::string used_for;
  std::string url;
};

struct Scenario {
  std::string name;
  std::string description;
  std::int32_t horizon_weeks = 0;
  std::string value_unit;
  double inventory_refill_rate = 0.25;
  Regimes regimes;  // one state "base" when the file has none
  std::vector<Node> nodes;
  std::vector<Event> events;
  std::vector<Policy> policies;
  std::vector<StressTest> stress_tests;
  std::vector<Source> sources;

  [[nodiscard]] const Node* find_node(std::string_view id) const;
  [[nodiscard]] const Event* find_event(std::string_view id) const;
  [[nodiscard]] std::vector<std::string> node_ids() const;
  [[nodiscard]] std::vector<std::string> event_ids() const;
};

}  // namespace chokepoint
