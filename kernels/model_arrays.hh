// Every array of a ModelView with its length, so that a backend can mirror
// the model in device memory without listing the arrays itself.
#pragma once

#include <cstddef>
#include <type_traits>

#include "model_view.hh"

namespace chokepoint {

/// Calls visit(pointer member, element count) for each array of `m`; the
/// visitor may point the member at a copy of the array.
template <class Visit>
void for_each_model_array(ModelView& m, Visit&& visit) {
  const auto n = [](std::int32_t x) { return static_cast<std::size_t>(x); };
  const std::size_t nodes = n(m.n_nodes);
  const std::size_t events = n(m.n_events);
  visit(m.capacity, nodes);
  visit(m.unit_value, nodes);
  visit(m.demand_base, nodes);
  visit(m.demand_sigma, nodes);
  visit(m.demand_row, nodes);
  visit(m.sector, nodes);
  visit(m.node_stream, nodes);
  visit(m.growth, n(m.layout.n_demand_nodes) * n(m.n_weeks));
  visit(m.group_begin, nodes + 1);
  visit(m.per_unit, n(m.n_groups));
  visit(m.target_inventory, n(m.n_groups));
  visit(m.link_begin, n(m.n_groups) + 1);
  visit(m.link_supplier, n(m.n_links));
  visit(m.link_share, n(m.n_links));
  visit(m.transition_cdf, n(m.n_regimes) * n(m.n_regimes));
  visit(m.hazard, events * n(m.n_regimes));
  visit(m.log_ratio_idle, events * n(m.n_regimes));
  visit(m.log_ratio_start, events * n(m.n_regimes));
  visit(m.duration, events);
  visit(m.recovery, events);
  visit(m.regime_shift, events);
  visit(m.event_stream, events);
  visit(m.effect_begin, events + 1);
  visit(m.effect_node, n(m.n_effects));
  visit(m.effect_kind, n(m.n_effects));
  visit(m.effect_size, n(m.n_effects));
  visit(m.forced_week, events);
  visit(m.forced_duration, events);
  visit(m.forced_capacity_loss, events);
}

/// Point `view` (a copy of a host model) at device copies of its arrays,
/// one per array in `arrays`, reusing an allocation whose size in bytes is
/// unchanged (the points of an analysis share their shapes). The backend
/// says how: bytes_of(array), allocate(bytes) -> array, data_of(array) ->
/// char*, upload(destination, source, bytes).
template <class Arrays, class BytesOf, class Allocate, class DataOf, class Upload>
void mirror_model_arrays(ModelView& view, Arrays& arrays, BytesOf bytes_of, Allocate allocate, DataOf data_of,
                         Upload upload) {
  std::size_t k = 0;
  for_each_model_array(view, [&](auto& pointer, std::size_t n) {
    using T = std::remove_const_t<std::remove_pointer_t<std::remove_reference_t<decltype(pointer)>>>;
    const std::size_t bytes = n * sizeof(T);
    if (k == arrays.size()) arrays.emplace_back();
    if (bytes_of(arrays[k]) != bytes) arrays[k] = allocate(bytes);
    if (n > 0) upload(data_of(arrays[k]), reinterpret_cast<const char*>(pointer), bytes);
    pointer = reinterpret_cast<const T*>(data_of(arrays[k]));
    ++k;
  });
}

}  // namespace chokepoint
