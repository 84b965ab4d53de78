// The synthetic model before it is written out, and the steps that build it.
//
// Nodes are numbered in file order, which is tier order (raw materials,
// components, assemblies, final products): every supplier comes before its
// customers, so the supplier graph is acyclic by construction.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "synth_random.hh"

namespace chokepoint::synth {

/// A distribution as written in the file: `kind` is "" for a bare number
/// (the one member's value), else the "dist" name with its members in order.
struct Dist {
  std::string kind;
  std::vector<std::pair<std::string, double>> members;
};

struct Link {
  std::int32_t supplier = 0;  // node index
  double share = 0.0;
};

struct Input {
  std::string name;
  double per_unit = 0.0;
  double inventory_weeks = 0.0;
  std::vector<Link> suppliers;
};

enum class Tier : std::int32_t { raw = 0, component = 1, assembly = 2, product = 3 };

struct Node {
  std::string id;
  std::string sector;
  std::string region;
  Tier tier = Tier::raw;
  double capacity = 0.0;
  double unit_value = 0.0;
  bool has_demand = false;
  double demand_base = 0.0;
  double growth = 0.0;
  double volatility = 0.0;
  std::vector<Input> inputs;
};

struct Effect {
  std::int32_t node = 0;
  bool capacity_loss = true;  // else demand_change
  Dist size;
};

struct Event {
  std::string id;
  std::string label;
  std::vector<double> rates;  // one: the same in every regime; else one per regime
  Dist duration;
  std::int32_t recovery_weeks = 0;
  std::string regime_shift;  // "" for none
  std::vector<Effect> effects;
};

/// One policy change: a target (node, node + input, or event), a field and
/// an operation with a number, or "set" with a supplier list.
struct Change {
  std::string node, input, event;
  std::string field;
  std::string op;  // "set", "add" or "scale"
  double value = 0.0;
  std::vector<Link> suppliers;  // for "set" on "suppliers"
};

struct Policy {
  std::string id, label;
  double annual_cost = 0.0;
  std::vector<Change> changes;
};

struct Force {
  std::int32_t event = 0;
  std::int32_t start_week = 0;
  std::int32_t duration_weeks = 0;  // 0: drawn
  double capacity_loss = -1.0;      // negative: drawn
};

struct StressTest {
  std::string id, label;
  std::vector<Force> force;
};

inline const std::vector<std::string> kRegimes = {"calm", "tension", "crisis"};

struct Model {
  std::string name;
  std::string description;
  std::int32_t weeks = 0;
  std::vector<Node> nodes;
  std::vector<Event> events;
  std::vector<Policy> policies;
  std::vector<StressTest> stress_tests;
};

/// The layered network: tiers, sectors, regions, inputs, final demand and
/// capacities with headroom over steady-state output.
std::vector<Node> build_network(SynthRandom& rng, std::int32_t n_nodes, std::int32_t weeks);

/// Events of every kind: regional blockades, plant fires, export controls,
/// earthquakes, demand surges and slumps.
std::vector<Event> build_events(SynthRandom& rng, const std::vector<Node>& nodes, std::int32_t n_events);

/// Policies that use every kind of change, and stress tests with forced
/// starts, with and without forced durations and losses.
std::vector<Policy> build_policies(SynthRandom& rng, const Model& model);
std::vector<StressTest> build_stress_tests(const Model& model);

/// The model as chokepoint/1 JSON text: one node, event, policy or stress
/// test per line.
std::string model_json(const Model& model);

}  // namespace chokepoint::synth
