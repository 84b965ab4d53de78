// The compiled model ("params") as the per-scenario code sees it.
//
// Plain arrays and counts, no host containers and no virtual calls, so the
// same struct can point into host vectors (CPU, Kokkos host spaces) or into
// device memory (CUDA). host/model_compiler builds and owns the arrays;
// docs/MODEL.md describes each one.
#pragma once

#include <cstdint>

#include "distribution.hh"
#include "metric_layout.hh"

namespace chokepoint {

enum class EffectKind : std::int32_t { capacity_loss = 0, demand_change = 1 };

struct ModelView {
  std::int32_t n_nodes = 0;
  std::int32_t n_groups = 0;    // input groups, over all nodes
  std::int32_t n_links = 0;     // supplier links, over all groups
  std::int32_t n_events = 0;
  std::int32_t n_effects = 0;   // over all events
  std::int32_t n_sectors = 0;
  std::int32_t n_regimes = 0;
  std::int32_t n_weeks = 0;
  std::int32_t initial_regime = 0;
  double refill_rate = 0.25;
  MetricLayout layout;

  // Nodes, renumbered in topological order (every supplier before its customers).
  const double* capacity = nullptr;         // [n_nodes]
  const double* unit_value = nullptr;       // [n_nodes]
  const double* demand_base = nullptr;      // [n_nodes], 0 without final demand
  const double* demand_sigma = nullptr;     // [n_nodes]
  const std::int32_t* demand_row = nullptr; // [n_nodes]: row of `growth` and lost_value slot, -1 without final demand
  const std::int32_t* sector = nullptr;     // [n_nodes]
  const std::uint32_t* node_stream = nullptr;  // [n_nodes]: RNG stream id of the node id
  const double* growth = nullptr;           // [demand rows x n_weeks]: (1 + g)^(t / 52)

  // Input groups in CSR form: node i has groups [group_begin[i], group_begin[i+1]).
  const std::int32_t* group_begin = nullptr;  // [n_nodes + 1]
  const double* per_unit = nullptr;           // [n_groups]
  const double* target_inventory = nullptr;   // [n_groups]: I* = inventory_weeks * per_unit * Ybar
  const std::int32_t* link_begin = nullptr;   // [n_groups + 1]
  const std::int32_t* link_supplier = nullptr;  // [n_links]: supplier node (topological index)
  const double* link_share = nullptr;         // [n_links]

  // Regimes: cumulative weekly transition rows, the last entry of each exactly 1.
  const double* transition_cdf = nullptr;  // [n_regimes x n_regimes]

  // Events, in file order.
  const double* hazard = nullptr;           // [n_events x n_regimes]: annual_rate / 52 (times the importance factor)
  const Distribution* duration = nullptr;   // [n_events]
  const std::int32_t* recovery = nullptr;   // [n_events]
  const std::int32_t* regime_shift = nullptr;  // [n_events], -1 for none
  const std::uint32_t* event_stream = nullptr; // [n_events]
  const std::int32_t* effect_begin = nullptr;  // [n_events + 1]
  const std::int32_t* effect_node = nullptr;   // [n_effects] (topological index)
  const EffectKind* effect_kind = nullptr;     // [n_effects]
  const Distribution* effect_size = nullptr;   // [n_effects]

  // Importance sampling (kernels/importance_weight.hh): the log likelihood ratio of
  // an idle week without a start, and of a start, per event and regime. With
  // importance = 0 both are unused and every scenario weighs one unit.
  std::int32_t importance = 0;
  const double* log_ratio_idle = nullptr;   // [n_events x n_regimes]: h' - h, h' = factor * h the sampling hazard
  const double* log_ratio_start = nullptr;  // [n_events x n_regimes]: log((1 - e^-h) / (1 - e^-h'))

  // A stress test's forced starts, per event.
  const std::int32_t* forced_week = nullptr;      // [n_events], -1 for none
  const std::int32_t* forced_duration = nullptr;  // [n_events], 0: drawn as usual
  const double* forced_capacity_loss = nullptr;   // [n_events], negative: drawn as usual
};

}  // namespace chokepoint
