// The supplier graph of a scenario: order, cycles and depth.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "scenario.hh"

namespace chokepoint {

/// Edges supplier -> customer over node indices (file order). Supplier ids
/// that name no node are skipped (reported elsewhere).
class SupplyGraph {
 public:
  explicit SupplyGraph(const Scenario& s);

  /// Node indices along a cycle, first node repeated at the end; nullopt if acyclic.
  [[nodiscard]] std::optional<std::vector<std::int32_t>> find_cycle() const;
  /// Node indices, every supplier before its customers. Requires no cycle.
  [[nodiscard]] std::vector<std::int32_t> topological_order() const;
  /// Longest supplier chain ending at each node (0 for raw suppliers).
  [[nodiscard]] std::vector<std::int32_t> tier(const std::vector<std::int32_t>& order) const;

 private:
  std::size_t n_ = 0;
  std::vector<std::pair<std::int32_t, std::int32_t>> edges_;  // (supplier, customer)
};

}  // namespace chokepoint
