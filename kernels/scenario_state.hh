// Mutable per-scenario state, laid out for one scenario per thread.
//
// Each field is an array over the model's nodes, groups, events, ... . A
// backend keeps the state of many scenarios ("slots") in one buffer, field by
// field and element-major: element k of slot s sits at
// base[(field_offset + k) * slots + s]. On a GPU, neighbouring threads touch
// neighbouring addresses (coalesced); on a CPU with one slot per thread the
// stride is 1 and each field is contiguous.
#pragma once

#include <cstddef>
#include <cstdint>

#include "macros.hh"
#include "model_view.hh"

namespace chokepoint {

template <class T>
struct Strided {
  T* base = nullptr;
  std::uint32_t stride = 1;
  CP_FUNCTION CP_FORCEINLINE T& operator[](std::int32_t k) const {
    return base[static_cast<std::size_t>(k) * stride];
  }
};

/// Element counts of every field, in the order they are laid out.
struct StateShape {
  // double fields
  std::int32_t nodes = 0;    // level, capacity_now, demand_now, desired, fill, shortfall_sum
  std::int32_t groups = 0;   // inventory, order
  std::int32_t events = 0;   // clock
  std::int32_t effects = 0;  // size
  std::int32_t sectors = 0;  // sector_short, sector_demand, sector_peak
  std::int32_t metrics = 0;  // out

  CP_FUNCTION static StateShape of(const ModelView& m) {
    return StateShape{m.n_nodes, m.n_groups, m.n_events, m.n_effects, m.n_sectors, m.layout.size()};
  }
  CP_FUNCTION std::size_t doubles() const {
    return 6 * static_cast<std::size_t>(nodes) + 2 * static_cast<std::size_t>(groups) + events + effects +
           3 * static_cast<std::size_t>(sectors) + metrics;
  }
  CP_FUNCTION std::size_t ints() const {
    return 4 * static_cast<std::size_t>(events) + static_cast<std::size_t>(sectors);
  }
};

struct ScenarioState {
  // Nodes (topological index).
  Strided<double> level;          // base demand times the scenario's demand level m
  Strided<double> capacity_now;   // C_i(t)
  Strided<double> demand_now;     // D_i(t)
  Strided<double> desired;        // Y_i: final demand plus orders received
  Strided<double> fill;           // X_i / Y_i
  Strided<double> shortfall_sum;  // sum over weeks of S_i(t)
  // Input groups.
  Strided<double> inventory;
  Strided<double> order;          // order placed this week; then what was received
  // Events.
  Strided<double> clock;          // remaining exponential clock of an idle event
  Strided<std::int32_t> start;    // week of the latest start, -1 before the first
  Strided<std::int32_t> duration; // active weeks of the latest start
  Strided<std::int32_t> idle_from;  // first week of the next idle period
  Strided<std::int32_t> starts;   // number of starts
  Strided<double> size;           // per effect: size drawn at the latest start
  // Sectors.
  Strided<double> sector_short;
  Strided<double> sector_demand;
  Strided<double> sector_peak;
  Strided<std::int32_t> sector_weeks_short;
  // Outputs (MetricLayout).
  Strided<double> out;
};

/// The state of slot `slot` out of `slots`, in buffers of
/// shape.doubles() * slots doubles and shape.ints() * slots ints.
CP_FUNCTION inline ScenarioState state_slot(const StateShape& shape, double* doubles, std::int32_t* ints,
                                            std::uint32_t slots, std::uint32_t slot) {
  ScenarioState st;
  std::size_t d = 0;
  std::size_t i = 0;
  auto take_d = [&](std::int32_t count) {
    Strided<double> f{doubles + d * slots + slot, slots};
    d += static_cast<std::size_t>(count);
    return f;
  };
  auto take_i = [&](std::int32_t count) {
    Strided<std::int32_t> f{ints + i * slots + slot, slots};
    i += static_cast<std::size_t>(count);
    return f;
  };
  st.level = take_d(shape.nodes);
  st.capacity_now = take_d(shape.nodes);
  st.demand_now = take_d(shape.nodes);
  st.desired = take_d(shape.nodes);
  st.fill = take_d(shape.nodes);
  st.shortfall_sum = take_d(shape.nodes);
  st.inventory = take_d(shape.groups);
  st.order = take_d(shape.groups);
  st.clock = take_d(shape.events);
  st.size = take_d(shape.effects);
  st.sector_short = take_d(shape.sectors);
  st.sector_demand = take_d(shape.sectors);
  st.sector_peak = take_d(shape.sectors);
  st.out = take_d(shape.metrics);
  st.start = take_i(shape.events);
  st.duration = take_i(shape.events);
  st.idle_from = take_i(shape.events);
  st.starts = take_i(shape.events);
  st.sector_weeks_short = take_i(shape.sectors);
  return st;
}

}  // namespace chokepoint
