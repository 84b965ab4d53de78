// The layered supply network of a synthetic model.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "synth_model.hh"

namespace chokepoint::synth {

namespace {

constexpr std::array<const char*, 8> kSectors = {"semiconductors", "energy",    "shipbuilding", "space",
                                                 "drones",         "batteries", "steel",        "telecom"};
constexpr std::array<const char*, 8> kRegions = {"JP", "CN", "TW", "US", "KR", "DE", "AU", "QA"};
constexpr std::array<const char*, 4> kTierPrefix = {"raw", "part", "asm", "prod"};

/// First node of each tier, and n: 15% final products, 25% assemblies, 30%
/// components and the rest (about 30%) raw materials, at least one each.
/// Each tier is at most about twice the next one, so every node can be
/// given a customer without crowding any customer's inputs.
std::array<std::int32_t, 5> tier_bounds(std::int32_t n) {
  const std::int32_t products = std::max(1, n * 3 / 20);
  const std::int32_t assemblies = std::max(1, n / 4);
  const std::int32_t components = std::max(1, n * 3 / 10);
  const std::int32_t raw = n - products - assemblies - components;
  return {0, raw, raw + components, raw + components + assemblies, n};
}

/// Shares of k (1 to 3) suppliers, each a multiple of 1/4: exact in binary,
/// so that they sum to exactly 1.
std::vector<double> draw_shares(SynthRandom& rng, std::size_t k) {
  if (k == 1) return {1.0};
  if (k == 2) {
    const std::int32_t pick = rng.below(3);
    if (pick == 0) return {0.5, 0.5};
    return pick == 1 ? std::vector<double>{0.75, 0.25} : std::vector<double>{0.25, 0.75};
  }
  std::vector<double> shares(3, 0.25);
  shares[static_cast<std::size_t>(rng.below(3))] = 0.5;
  return shares;
}

/// Inputs of a node of tier `tier` >= 1. `assigned` are suppliers that must
/// appear (each node's guaranteed customer link); the rest are drawn from
/// the tier below, a quarter of them from any lower tier (a raw material
/// straight into an assembly).
std::vector<Input> draw_inputs(SynthRandom& rng, const std::array<std::int32_t, 5>& bounds, std::int32_t tier,
                               const std::vector<std::int32_t>& assigned) {
  const std::int32_t wanted = rng.between(1, 3);
  const auto n_inputs = static_cast<std::size_t>(std::max(wanted, static_cast<std::int32_t>((assigned.size() + 2) / 3)));
  std::vector<std::vector<std::int32_t>> suppliers(n_inputs);
  for (std::size_t k = 0; k < assigned.size(); ++k) suppliers[k % n_inputs].push_back(assigned[k]);

  std::vector<Input> inputs;
  for (std::size_t k = 0; k < n_inputs; ++k) {
    std::vector<std::int32_t>& chosen = suppliers[k];
    const auto target = std::max(static_cast<std::size_t>(rng.between(1, 3)), chosen.size());
    // A few tries: a small tier below may not have enough distinct nodes.
    for (int attempt = 0; attempt < 8 && chosen.size() < target; ++attempt) {
      const bool skip_tier = tier >= 2 && rng.chance(1, 4);
      const std::int32_t lo = skip_tier ? 0 : bounds[static_cast<std::size_t>(tier - 1)];
      const std::int32_t hi = bounds[static_cast<std::size_t>(tier)];
      const std::int32_t candidate = lo + rng.below(hi - lo);
      if (std::find(chosen.begin(), chosen.end(), candidate) == chosen.end()) chosen.push_back(candidate);
    }
    Input in;
    in.name = fmt::format("input_{}", k + 1);
    in.per_unit = rng.grid(1, 16, 8);
    in.inventory_weeks = rng.chance(1, 5) ? 0.0 : rng.grid(1, 16, 2);
    const std::vector<double> shares = draw_shares(rng, chosen.size());
    for (std::size_t l = 0; l < chosen.size(); ++l) in.suppliers.push_back({chosen[l], shares[l]});
    inputs.push_back(std::move(in));
  }
  return inputs;
}

/// Every node of tiers below the top gets a customer in the next tier up
/// (round robin over a shuffled order), so every node has a positive
/// steady-state output and therefore a positive capacity.
std::vector<std::vector<std::int32_t>> assign_customers(SynthRandom& rng, const std::array<std::int32_t, 5>& bounds,
                                                       std::int32_t n) {
  std::vector<std::vector<std::int32_t>> assigned(static_cast<std::size_t>(n));
  for (std::size_t tier = 1; tier < 4; ++tier) {
    std::vector<std::int32_t> below;
    for (std::int32_t i = bounds[tier - 1]; i < bounds[tier]; ++i) below.push_back(i);
    rng.shuffle(below);
    const std::int32_t customers = bounds[tier + 1] - bounds[tier];
    for (std::size_t k = 0; k < below.size(); ++k) {
      const std::int32_t customer = bounds[tier] + static_cast<std::int32_t>(k) % customers;
      assigned[static_cast<std::size_t>(customer)].push_back(below[k]);
    }
  }
  return assigned;
}

/// Capacity = steady-state desired output (host/steady_state.cc: final
/// demand plus customers' orders, customers first) times a drawn headroom
/// of 1.2 to 1.6, times the largest demand growth over the horizon, rounded
/// up to 0.01. Growth is compounded by multiplication over whole years (an
/// upper bound of (1 + g)^(t/52)) rather than with pow, whose last bit may
/// differ between C libraries.
void set_capacities(SynthRandom& rng, std::vector<Node>& nodes, std::int32_t weeks) {
  std::vector<double> ybar(nodes.size(), 0.0);
  double max_growth = 0.0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (!nodes[i].has_demand) continue;
    ybar[i] = nodes[i].demand_base;
    max_growth = std::max(max_growth, nodes[i].growth);
  }
  for (std::size_t i = nodes.size(); i-- > 0;) {
    for (const Input& in : nodes[i].inputs) {
      for (const Link& l : in.suppliers) ybar[static_cast<std::size_t>(l.supplier)] += l.share * (in.per_unit * ybar[i]);
    }
  }
  double growth_bound = 1.0;
  for (std::int32_t year = 0; year < (weeks + 51) / 52; ++year) growth_bound *= 1.0 + max_growth;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const double headroom = rng.grid(24, 32, 20);
    nodes[i].capacity = std::ceil(ybar[i] * headroom * growth_bound * 100.0) / 100.0;
  }
}

}  // namespace

std::vector<Node> build_network(SynthRandom& rng, std::int32_t n_nodes, std::int32_t weeks) {
  const std::array<std::int32_t, 5> bounds = tier_bounds(n_nodes);
  const std::int32_t n_sectors = std::clamp(n_nodes / 12, 2, 8);
  const std::int32_t n_regions = std::clamp(n_nodes / 6, 2, 8);
  const std::vector<std::vector<std::int32_t>> assigned = assign_customers(rng, bounds, n_nodes);

  std::vector<Node> nodes(static_cast<std::size_t>(n_nodes));
  for (std::int32_t tier = 0; tier < 4; ++tier) {
    for (std::int32_t i = bounds[static_cast<std::size_t>(tier)]; i < bounds[static_cast<std::size_t>(tier) + 1]; ++i) {
      Node& node = nodes[static_cast<std::size_t>(i)];
      node.tier = static_cast<Tier>(tier);
      node.id = fmt::format("{}_{:05}", kTierPrefix[static_cast<std::size_t>(tier)], i);
      // Final products cycle through the sectors so that every sector has final demand when there are enough.
      const std::int32_t sector =
          node.tier == Tier::product ? (i - bounds[3]) % n_sectors : rng.below(n_sectors);
      node.sector = kSectors[static_cast<std::size_t>(sector)];
      node.region = kRegions[static_cast<std::size_t>(rng.below(n_regions))];
      node.unit_value = rng.grid(1, 40, 8);
      // A quarter of the assemblies also sell directly (spare parts, exports).
      node.has_demand = node.tier == Tier::product || (node.tier == Tier::assembly && rng.chance(1, 4));
      if (node.has_demand) {
        node.demand_base = 5.0 * rng.between(4, 40);
        node.growth = rng.grid(0, 6, 100);
        node.volatility = rng.grid(0, 15, 100);
      }
      if (tier > 0) node.inputs = draw_inputs(rng, bounds, tier, assigned[static_cast<std::size_t>(i)]);
    }
  }
  set_capacities(rng, nodes, weeks);
  return nodes;
}

}  // namespace chokepoint::synth
