// The model's week loop over a block of scenarios held in lanes
// (docs/MODEL.md, sections "One scenario" and "The CPU in SIMD lanes").
//
// Written once over a lane policy L and compiled once per policy: the scalar
// one of kernels/scalar_lanes.hh (one lane: CUDA, Kokkos, replay and the
// reference) and Highway's vectors of kernels/cpu/hwy_lanes-inl.hh (one
// instantiation per instruction set). This file has no include guard and no
// namespace of its own: kernels/scenario_model.hh includes it into namespace
// chokepoint, and hwy_lanes-inl.hh into each target's namespace, so that the
// vector code is compiled with that target's instructions.
//
// Lane l runs scenario first + l on the state lanes[l]. Element k of a field
// of every lane lies at &lanes[0].field[k] onwards, one lane after the other
// (slot-strided with slots = L::kWidth), so a vector of a field is one load.
// Each lane performs exactly the IEEE operations of the one-lane model in the
// same order: a branch on a per-lane value becomes compute-then-select, min
// and max are compare-and-select, and work is skipped only when no lane
// needs it. Per-event work (clocks, starts, durations, sizes) and the
// outputs stay scalar per lane: they are a small part of a node-week.
//
// Lanes l >= active pad the last block: they are simulated but reach no sink.
// The L policy provides Real (a double per lane), Mask, kWidth, set, load,
// store, from_lanes, to_lanes, select and any.

/// max(x, 0) and min(a, b) exactly as the one-lane model writes them.
template <class L>
CP_FUNCTION CP_FORCEINLINE typename L::Real lanes_max0(typename L::Real x) {
  const typename L::Real zero = L::set(0.0);
  return L::select(x > zero, x, zero);
}
template <class L>
CP_FUNCTION CP_FORCEINLINE typename L::Real lanes_min2(typename L::Real a, typename L::Real b) {
  return L::select(b < a, b, a);
}

template <class L, class Sink, class State>
CP_FUNCTION void simulate_lanes(const ModelView& m, const State* lanes, std::uint64_t seed, std::uint64_t first,
                                std::int32_t active, Sink& sink) {
  using Real = typename L::Real;
  constexpr std::int32_t kWidth = L::kWidth;
  const State& st = lanes[0];
  const std::int32_t n = m.n_nodes;
  const Real zero = L::set(0.0);
  const Real one = L::set(1.0);

  std::int32_t regime[kWidth];
  double log_weight[kWidth];  // of the path so far, with importance sampling
  std::uint64_t units[kWidth];
  for (std::int32_t l = 0; l < kWidth; ++l) {
    detail::begin_scenario(m, lanes[l], ScenarioRng(seed, first + static_cast<std::uint64_t>(l)));
    regime[l] = m.initial_regime;
    log_weight[l] = 0.0;
    units[l] = 1;
  }

  for (std::int32_t t = 0; t < m.n_weeks; ++t) {
    for (std::int32_t l = 0; l < kWidth; ++l) {
      const ScenarioRng rng(seed, first + static_cast<std::uint64_t>(l));
      if (t > 0 && m.n_regimes > 1) regime[l] = detail::next_regime(m, rng, regime[l], t);
      const std::int32_t shift = detail::start_events(m, lanes[l], rng, regime[l], t, log_weight[l]);
      if (shift >= 0) regime[l] = shift;
      if (m.importance != 0) units[l] = weight_units(log_weight[l]);
    }

    // Capacity and final demand of the week.
    for (std::int32_t i = 0; i < n; ++i) {
      L::store(st.capacity_now, i, L::set(m.capacity[i]));
      const std::int32_t row = m.demand_row[i];
      L::store(st.demand_now, i, row >= 0 ? L::load(st.level, i) * L::set(m.growth[row * m.n_weeks + t]) : zero);
    }
    for (std::int32_t e = 0; e < m.n_events; ++e) {
      double profile[kWidth];
      bool touches = false;
      for (std::int32_t l = 0; l < kWidth; ++l) {
        profile[l] = detail::event_profile(m, lanes[l], e, t);
        touches = touches || profile[l] != 0.0;
      }
      if (!touches) continue;
      const Real p = L::from_lanes(profile);
      const auto idle = p == zero;  // such a lane keeps its capacity and demand
      for (std::int32_t f = m.effect_begin[e]; f < m.effect_begin[e + 1]; ++f) {
        const std::int32_t i = m.effect_node[f];
        const Real size = L::load(st.size, f);
        if (m.effect_kind[f] == EffectKind::capacity_loss) {
          const Real c = L::load(st.capacity_now, i);
          L::store(st.capacity_now, i, L::select(idle, c, c * (one - size * p)));
        } else {
          const Real d = L::load(st.demand_now, i);
          L::store(st.demand_now, i, L::select(idle, d, d * lanes_max0<L>(one + size * p)));
        }
      }
    }

    // Orders, customers before suppliers. A supplier is the same in every
    // lane, so its desired output is one vector.
    for (std::int32_t i = 0; i < n; ++i) L::store(st.desired, i, L::load(st.demand_now, i));
    const Real refill = L::set(m.refill_rate);
    for (std::int32_t i = n - 1; i >= 0; --i) {
      const Real y = L::load(st.desired, i);
      for (std::int32_t g = m.group_begin[i]; g < m.group_begin[i + 1]; ++g) {
        const Real o =
            L::set(m.per_unit[g]) * y + refill * lanes_max0<L>(L::set(m.target_inventory[g]) - L::load(st.inventory, g));
        L::store(st.order, g, o);
        for (std::int32_t k = m.link_begin[g]; k < m.link_begin[g + 1]; ++k) {
          const std::int32_t s = m.link_supplier[k];
          L::store(st.desired, s, L::load(st.desired, s) + L::set(m.link_share[k]) * o);
        }
      }
    }

    // Production, suppliers before customers; every order and the final
    // demand of a node are served in proportion X / Y.
    for (std::int32_t s = 0; s < m.n_sectors; ++s) {
      L::store(st.sector_short, s, zero);
      L::store(st.sector_demand, s, zero);
    }
    for (std::int32_t j = 0; j < n; ++j) {
      const Real y = L::load(st.desired, j);
      Real x = lanes_min2<L>(L::load(st.capacity_now, j), y);
      for (std::int32_t g = m.group_begin[j]; g < m.group_begin[j + 1]; ++g) {
        // Received = order * sum of share * fill, written as order * (1 -
        // unserved share) so that fully served orders arrive exactly.
        Real unserved = zero;
        for (std::int32_t k = m.link_begin[g]; k < m.link_begin[g + 1]; ++k) {
          unserved = unserved + L::set(m.link_share[k]) * (one - L::load(st.fill, m.link_supplier[k]));
        }
        // Never negative: shares summing to one plus rounding cannot take back
        // more than was ordered.
        const Real received = L::load(st.order, g) * lanes_max0<L>(one - unserved);
        L::store(st.order, g, received);
        // The input limits output only when it cannot cover a * Y: compared
        // before dividing, so that an exactly sufficient input never limits.
        // The division is skipped when it limits no lane.
        const Real available = L::load(st.inventory, g) + received;
        const Real a = L::set(m.per_unit[g]);
        const auto limited = available < a * y;
        if (L::any(limited)) x = L::select(limited, lanes_min2<L>(x, available / a), x);
      }
      const Real fill = L::select(y > zero, x / y, zero);
      L::store(st.fill, j, fill);
      for (std::int32_t g = m.group_begin[j]; g < m.group_begin[j + 1]; ++g) {
        L::store(st.inventory, g,
                 lanes_max0<L>(L::load(st.inventory, g) + L::load(st.order, g) - L::set(m.per_unit[g]) * x));
      }
      const Real d = L::load(st.demand_now, j);
      const Real shortfall = d * (one - fill);
      L::store(st.shortfall_sum, j, L::load(st.shortfall_sum, j) + shortfall);
      const std::int32_t s = m.sector[j];
      L::store(st.sector_short, s, L::load(st.sector_short, s) + shortfall);
      L::store(st.sector_demand, s, L::load(st.sector_demand, s) + d);
    }

    for (std::int32_t s = 0; s < m.n_sectors; ++s) {
      const Real demand = L::load(st.sector_demand, s);
      double ratio[kWidth];
      L::to_lanes(L::select(demand > zero, L::load(st.sector_short, s) / demand, zero), ratio);
      for (std::int32_t l = 0; l < kWidth; ++l) {
        detail::count_sector_week(lanes[l], s, ratio[l]);
        if (l < active) sink.sector_week(s, t, ratio[l], units[l]);
      }
    }
    for (std::int32_t l = 0; l < active; ++l) sink.week_end(t, regime[l], lanes[l]);
  }

  for (std::int32_t l = 0; l < active; ++l) {
    detail::write_outputs(m, lanes[l]);
    sink.scenario_end(first + static_cast<std::uint64_t>(l), lanes[l].out, units[l]);
  }
}
