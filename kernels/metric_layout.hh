// Where each scalar output of a scenario sits in its output vector.
#pragma once

#include <cstdint>

#include "macros.hh"

namespace chokepoint {

/// The output vector of one scenario is
///   [loss_total, loss per sector, peak_shortfall per sector,
///    weeks_short per sector, lost_value per final-demand node, starts per event].
/// Nodes without final demand have no lost_value slot: theirs is zero by definition.
struct MetricLayout {
  std::int32_t n_sectors = 0;
  std::int32_t n_demand_nodes = 0;
  std::int32_t n_events = 0;

  static constexpr std::int32_t loss_total = 0;
  CP_FUNCTION std::int32_t sector_loss(std::int32_t s) const { return 1 + s; }
  CP_FUNCTION std::int32_t sector_peak(std::int32_t s) const { return 1 + n_sectors + s; }
  CP_FUNCTION std::int32_t sector_weeks_short(std::int32_t s) const { return 1 + 2 * n_sectors + s; }
  CP_FUNCTION std::int32_t node_loss(std::int32_t k) const { return 1 + 3 * n_sectors + k; }
  CP_FUNCTION std::int32_t event_starts(std::int32_t e) const { return 1 + 3 * n_sectors + n_demand_nodes + e; }
  CP_FUNCTION std::int32_t size() const { return 1 + 3 * n_sectors + n_demand_nodes + n_events; }
};

}  // namespace chokepoint
