// The events of a synthetic model: one of each kind first, then a mix.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "synth_model.hh"

namespace chokepoint::synth {

namespace {

enum class Kind { blockade, fire, export_control, earthquake, demand_surge, demand_slump };
constexpr std::int32_t kKinds = 6;

/// After the first six events (one of each kind, so that every feature is
/// exercised), kinds are drawn with weights 3:6:3:3:3:2 out of 20.
Kind draw_kind(SynthRandom& rng, std::int32_t index) {
  if (index < kKinds) return static_cast<Kind>(index);
  const std::int32_t k = rng.below(20);
  if (k < 3) return Kind::blockade;
  if (k < 9) return Kind::fire;
  if (k < 12) return Kind::export_control;
  if (k < 15) return Kind::earthquake;
  if (k < 18) return Kind::demand_surge;
  return Kind::demand_slump;
}

/// Up to `count` distinct nodes satisfying `keep` (any nodes when none do).
std::vector<std::int32_t> pick_nodes(SynthRandom& rng, const std::vector<Node>& nodes, std::int32_t count,
                                     const std::function<bool(const Node&)>& keep) {
  std::vector<std::int32_t> pool;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (keep(nodes[i])) pool.push_back(static_cast<std::int32_t>(i));
  }
  if (pool.empty()) {
    for (std::size_t i = 0; i < nodes.size(); ++i) pool.push_back(static_cast<std::int32_t>(i));
  }
  const auto n = std::min(static_cast<std::size_t>(count), pool.size());
  for (std::size_t k = 0; k < n; ++k) {  // partial Fisher-Yates
    const auto j = k + static_cast<std::size_t>(rng.below(static_cast<std::int32_t>(pool.size() - k)));
    std::swap(pool[k], pool[j]);
  }
  pool.resize(n);
  return pool;
}

/// Rates per regime (calm, tension, crisis) of k / den times the factors,
/// each computed from integers so that it prints as a short decimal.
std::vector<double> regime_rates(std::int32_t k, std::int32_t tension, std::int32_t crisis, std::int32_t den) {
  const double d = den;
  return {k / d, (k * tension) / d, (k * crisis) / d};
}

Dist fixed(double v) { return {"", {{"value", v}}}; }

void add_effects(Event& e, const std::vector<std::int32_t>& targets, bool capacity, const std::function<Dist()>& size) {
  for (const std::int32_t node : targets) e.effects.push_back({node, capacity, size()});
}

bool is_upstream(const Node& n) { return n.tier == Tier::raw || n.tier == Tier::component; }

Event draw_event(SynthRandom& rng, const std::vector<Node>& nodes, std::int32_t index) {
  Event e;
  e.id = fmt::format("ev_{:04}", index);
  // Regional events hit nodes of the region of a random node.
  const std::string region = nodes[static_cast<std::size_t>(rng.below(static_cast<std::int32_t>(nodes.size())))].region;
  const auto in_region = [&region](const Node& n) { return n.region == region; };
  const auto has_demand = [](const Node& n) { return n.has_demand; };
  switch (draw_kind(rng, index)) {
    case Kind::blockade: {
      e.label = fmt::format("Blockade of shipping from {}", region);
      e.rates = regime_rates(rng.between(1, 10), 10, 40, 1000);
      e.duration = {"lognormal", {{"median", rng.grid(8, 26, 1)}, {"sigma", rng.grid(3, 8, 10)}, {"max", 104}}};
      e.recovery_weeks = rng.between(4, 12);
      e.regime_shift = "crisis";
      const std::vector<std::int32_t> targets =
          pick_nodes(rng, nodes, rng.between(1, 3), [&](const Node& n) { return in_region(n) && is_upstream(n); });
      e.effects.push_back({targets[0], true, fixed(1.0)});
      add_effects(e, {targets.begin() + 1, targets.end()}, true,
                  [&] { return Dist{"uniform", {{"low", rng.grid(5, 8, 10)}, {"high", 1.0}}}; });
      break;
    }
    case Kind::fire: {
      const std::vector<std::int32_t> target = pick_nodes(rng, nodes, 1, [](const Node&) { return true; });
      e.label = fmt::format("Fire at {}", nodes[static_cast<std::size_t>(target[0])].id);
      e.rates = {rng.grid(1, 20, 100)};
      e.duration = {"triangular", {{"low", 2}, {"mode", rng.grid(3, 8, 1)}, {"high", rng.grid(10, 26, 1)}}};
      e.recovery_weeks = rng.between(0, 6);
      add_effects(e, target, true, [&] { return Dist{"uniform", {{"low", rng.grid(2, 5, 10)}, {"high", rng.grid(6, 10, 10)}}}; });
      break;
    }
    case Kind::export_control: {
      e.label = fmt::format("Export controls on {}", region);
      e.rates = regime_rates(rng.between(5, 30), 4, 10, 1000);
      e.duration = {"uniform", {{"low", rng.grid(8, 16, 1)}, {"high", rng.grid(26, 52, 1)}}};
      e.recovery_weeks = rng.between(4, 26);
      e.regime_shift = "tension";
      add_effects(e, pick_nodes(rng, nodes, rng.between(1, 2), in_region), true, [&] {
        return Dist{"normal", {{"mean", rng.grid(3, 7, 10)}, {"sd", 0.15}, {"min", 0}, {"max", 1}}};
      });
      break;
    }
    case Kind::earthquake: {
      e.label = fmt::format("Earthquake in {}", region);
      e.rates = {rng.grid(1, 10, 100)};
      e.duration = {"normal", {{"mean", rng.grid(4, 10, 1)}, {"sd", 2}, {"min", 1}, {"max", 26}}};
      e.recovery_weeks = 8;
      add_effects(e, pick_nodes(rng, nodes, rng.between(1, 3), in_region), true,
                  [&] { return Dist{"lognormal", {{"median", rng.grid(2, 5, 10)}, {"sigma", 0.5}, {"max", 1}}}; });
      break;
    }
    case Kind::demand_surge: {
      e.label = "Demand surge";
      e.rates = {rng.grid(5, 30, 100)};
      e.duration = fixed(rng.grid(8, 26, 1));
      e.recovery_weeks = 4;
      add_effects(e, pick_nodes(rng, nodes, rng.between(1, 2), has_demand), false,
                  [&] { return Dist{"uniform", {{"low", rng.grid(1, 3, 10)}, {"high", rng.grid(4, 6, 10)}}}; });
      break;
    }
    case Kind::demand_slump: {
      e.label = "Demand slump";
      e.rates = regime_rates(rng.between(1, 5), 2, 4, 100);
      e.duration = {"exponential", {{"mean", rng.grid(4, 12, 1)}, {"max", 52}}};
      add_effects(e, pick_nodes(rng, nodes, rng.between(1, 3), has_demand), false, [&] {
        return Dist{"normal", {{"mean", -rng.grid(1, 4, 10)}, {"sd", 0.1}, {"min", -0.8}, {"max", 0}}};
      });
      break;
    }
  }
  return e;
}

}  // namespace

std::vector<Event> build_events(SynthRandom& rng, const std::vector<Node>& nodes, std::int32_t n_events) {
  std::vector<Event> events;
  events.reserve(static_cast<std::size_t>(n_events));
  for (std::int32_t e = 0; e < n_events; ++e) events.push_back(draw_event(rng, nodes, e));
  return events;
}

}  // namespace chokepoint::synth
