// Policies and stress tests of a synthetic model: every kind of policy
// change (add, scale and set, on nodes, inputs and events) and forced
// starts with and without a forced duration and loss.
#include <fmt/format.h>

#include <algorithm>

#include "synth_model.hh"

namespace chokepoint::synth {

namespace {

std::vector<std::int32_t> nodes_of_tier(const std::vector<Node>& nodes, Tier tier) {
  std::vector<std::int32_t> found;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].tier == tier) found.push_back(static_cast<std::int32_t>(i));
  }
  return found;
}

Policy stockpile(const std::vector<Node>& nodes) {
  Policy p{"stockpile_4w", "Four more weeks of stock of every input at up to eight final products", 0.0, {}};
  std::vector<std::int32_t> products = nodes_of_tier(nodes, Tier::product);
  products.resize(std::min<std::size_t>(products.size(), 8));
  for (const std::int32_t i : products) {
    const Node& n = nodes[static_cast<std::size_t>(i)];
    for (const Input& in : n.inputs) p.changes.push_back({n.id, in.name, "", "inventory_weeks", "add", 4.0, {}});
  }
  p.annual_cost = 5.0 * static_cast<double>(p.changes.size());
  return p;
}

Policy upstream_capacity(SynthRandom& rng, const std::vector<Node>& nodes) {
  Policy p{"upstream_capacity", "A quarter more capacity at up to four raw-material producers", 40.0, {}};
  std::vector<std::int32_t> raw = nodes_of_tier(nodes, Tier::raw);
  rng.shuffle(raw);
  raw.resize(std::min<std::size_t>(raw.size(), 4));
  for (const std::int32_t i : raw) p.changes.push_back({nodes[static_cast<std::size_t>(i)].id, "", "", "capacity", "scale", 1.25, {}});
  return p;
}

/// Event 0 is always a blockade (build_events): deterrence makes it rarer,
/// shorter and quicker to recover from.
Policy deterrence(const Event& first) {
  Policy p{"deter_" + first.id, "Deterrence: half the rate, shorter and with faster recovery", 100.0, {}};
  p.changes.push_back({"", "", first.id, "annual_rate", "scale", 0.5, {}});
  p.changes.push_back({"", "", first.id, "duration_weeks", "scale", 0.75, {}});
  p.changes.push_back({"", "", first.id, "recovery_weeks", "set", 2.0, {}});
  return p;
}

/// The first final product takes half of its first input from a second
/// source (a node of a lower tier, which keeps the graph acyclic) that
/// grows its capacity by half.
Policy second_source(SynthRandom& rng, const std::vector<Node>& nodes) {
  const std::int32_t product = nodes_of_tier(nodes, Tier::product).front();
  const Node& n = nodes[static_cast<std::size_t>(product)];
  const std::int32_t current = n.inputs.front().suppliers.front().supplier;
  std::int32_t other = rng.below(product);
  if (other == current) other = (other + 1) % product;  // product >= 3: another lower node exists
  Policy p{"second_source", fmt::format("{} sources half of {} from {}", n.id, n.inputs.front().name,
                                        nodes[static_cast<std::size_t>(other)].id),
           30.0, {}};
  p.changes.push_back({n.id, n.inputs.front().name, "", "suppliers", "set", 0.0, {{current, 0.5}, {other, 0.5}}});
  p.changes.push_back({nodes[static_cast<std::size_t>(other)].id, "", "", "capacity", "scale", 1.5, {}});
  return p;
}

}  // namespace

std::vector<Policy> build_policies(SynthRandom& rng, const Model& model) {
  std::vector<Policy> policies;
  policies.push_back(stockpile(model.nodes));
  policies.push_back(upstream_capacity(rng, model.nodes));
  policies.push_back(deterrence(model.events.front()));
  policies.push_back(second_source(rng, model.nodes));
  return policies;
}

std::vector<StressTest> build_stress_tests(const Model& model) {
  const std::int32_t weeks = model.weeks;
  const auto n_events = static_cast<std::int32_t>(model.events.size());
  std::vector<StressTest> tests;
  tests.push_back({model.events[0].id + "_full_13w",
                   fmt::format("{} at full loss from week {} for 13 weeks", model.events[0].label, std::min(4, weeks - 1)),
                   {{0, std::min(4, weeks - 1), 13, 1.0}}});
  // Two other events (or event 0 alone in a one-event model) with drawn durations and losses.
  StressTest drawn{"forced_drawn", "Forced starts with drawn durations and losses", {}};
  if (n_events == 1) {
    drawn.force.push_back({0, weeks / 2, 0, -1.0});
  } else {
    drawn.force.push_back({1, weeks / 4, 0, -1.0});
    if (n_events > 2) drawn.force.push_back({2, weeks / 2, 0, -1.0});
  }
  tests.push_back(std::move(drawn));
  return tests;
}

}  // namespace chokepoint::synth
