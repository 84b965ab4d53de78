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
#include <type_traits>

#include "macros.hh"
#include "model_view.hh"

namespace chokepoint {

/// Element k of a field at base[k * stride]. kStride > 0 fixes the stride at
/// compile time (the CPU's contiguous state, kStride = 1, then indexes
/// without a multiplication); 0 reads it from `stride` (devices).
template <class T, std::uint32_t kStride = 0>
struct Strided {
  T* base = nullptr;
  std::uint32_t stride = kStride > 0 ? kStride : 1;
  CP_FUNCTION CP_FORCEINLINE T& operator[](std::int32_t k) const {
    return base[static_cast<std::size_t>(k) * (kStride > 0 ? kStride : stride)];
  }
};

/// A device tile's field: element k at base[offset + k * kStride], with the
/// tile's one base pointer per element type and a 32-bit offset per field.
/// The offset arithmetic is unsigned 32-bit, which may wrap, so a compiler
/// cannot fold base + offset into a 64-bit pointer per field and keep 19 of
/// them live through the week loop: it keeps one base and 19 offsets, about
/// 20 registers fewer per thread (docs/GPU.md). A tile holds fewer than 2^32
/// elements of each type (the CUDA runner checks).
template <class T, std::uint32_t kStride>
struct TileField {
  T* base = nullptr;
  std::uint32_t offset = 0;
  CP_FUNCTION CP_FORCEINLINE T& operator[](std::int32_t k) const {
    return base[offset + static_cast<std::uint32_t>(k) * kStride];
  }
};

/// Strides of a warp or more are device tiles (TileField); smaller ones are
/// CPU layouts with a pointer per field (Strided).
constexpr std::uint32_t kMinTileStride = 32;

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
  CP_FUNCTION bool operator==(const StateShape& o) const {
    return nodes == o.nodes && groups == o.groups && events == o.events && effects == o.effects &&
           sectors == o.sectors && metrics == o.metrics;
  }
  CP_FUNCTION std::size_t doubles() const {
    return 6 * static_cast<std::size_t>(nodes) + 2 * static_cast<std::size_t>(groups) + events + effects +
           3 * static_cast<std::size_t>(sectors) + metrics;
  }
  CP_FUNCTION std::size_t ints() const {
    return 4 * static_cast<std::size_t>(events) + static_cast<std::size_t>(sectors);
  }
};

template <std::uint32_t kStride>
struct BasicScenarioState {
  template <class T>
  using Field = std::conditional_t<(kStride >= kMinTileStride), TileField<T, kStride>, Strided<T, kStride>>;
  // Nodes (topological index).
  Field<double> level;          // base demand times the scenario's demand level m
  Field<double> capacity_now;   // C_i(t)
  Field<double> demand_now;     // D_i(t)
  Field<double> desired;        // Y_i: final demand plus orders received
  Field<double> fill;           // X_i / Y_i
  Field<double> shortfall_sum;  // sum over weeks of S_i(t)
  // Input groups.
  Field<double> inventory;
  Field<double> order;          // order placed this week; then inventory plus what was received
  // Events.
  Field<double> clock;          // remaining exponential clock of an idle event
  Field<std::int32_t> start;    // week of the latest start, -1 before the first
  Field<std::int32_t> duration; // active weeks of the latest start
  Field<std::int32_t> idle_from;  // first week of the next idle period
  Field<std::int32_t> starts;   // number of starts
  Field<double> size;           // per effect: size drawn at the latest start
  // Sectors.
  Field<double> sector_short;
  Field<double> sector_demand;
  Field<double> sector_peak;
  Field<std::int32_t> sector_weeks_short;
  // Outputs (MetricLayout).
  Field<double> out;
};

/// Devices: many scenarios interleaved, stride = number of slots.
using ScenarioState = BasicScenarioState<0>;
/// The CPU: one scenario's state per thread, contiguous.
using ContiguousState = BasicScenarioState<1>;

/// The state of slot `slot` out of `slots`, in buffers of
/// shape.doubles() * slots doubles and shape.ints() * slots ints.
/// With kStride = 1, `slots` must be 1.
template <std::uint32_t kStride = 0>
CP_FUNCTION inline BasicScenarioState<kStride> state_slot(const StateShape& shape, double* doubles, std::int32_t* ints,
                                                          std::uint32_t slots, std::uint32_t slot) {
  BasicScenarioState<kStride> st;
  std::size_t d = 0;
  std::size_t i = 0;
  using State = BasicScenarioState<kStride>;
  auto take_d = [&](std::int32_t count) {
    typename State::template Field<double> f;
    if constexpr (kStride >= kMinTileStride) {
      f = {doubles, static_cast<std::uint32_t>(d * kStride + slot)};
    } else {
      f = {doubles + d * slots + slot, slots};
    }
    d += static_cast<std::size_t>(count);
    return f;
  };
  auto take_i = [&](std::int32_t count) {
    typename State::template Field<std::int32_t> f;
    if constexpr (kStride >= kMinTileStride) {
      f = {ints, static_cast<std::uint32_t>(i * kStride + slot)};
    } else {
      f = {ints + i * slots + slot, slots};
    }
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
