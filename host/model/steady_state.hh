// Steady-state flows: desired output with base demand, no events, no refill.
#pragma once

#include <cstdint>
#include <vector>

#include "scenario.hh"

namespace chokepoint {

/// Ybar per node (file order): final demand base plus what customers order
/// for their own Ybar. `order` is a topological order of the nodes.
std::vector<double> steady_state_output(const Scenario& s, const std::vector<std::int32_t>& order);

/// Largest steady-state output accepted; beyond it a chain of per_unit
/// factors has blown up and sums of outputs would lose all precision.
inline constexpr double kMaxSteadyStateOutput = 1e15;

}  // namespace chokepoint
