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
// needs it. Random draws (regimes, clocks, durations, sizes, demand levels),
// event starts and the outputs stay scalar per lane, in the lanes that need
// them: they are a small part of a node-week.
//
// Lanes l >= active pad the last block: they are simulated but reach no sink.
// The L policy provides Real (a double per lane), Index (an array index per
// lane), kWidth, set, load, load_int (an int32 field as doubles, exact),
// store, from_lanes, to_lanes, lane_index, gather, select, both, either, any
// and all.

/// The model over lane policy L. A class, so that its functions are always
/// named through it: argument-dependent lookup would otherwise also find
/// the scalar instantiation's namesakes in namespace chokepoint.
template <class L>
struct LaneModel {
  using Real = typename L::Real;
  using Mask = typename L::Mask;

  /// max(x, 0) and min(a, b) exactly as the one-lane model writes them.
  CP_FUNCTION CP_FORCEINLINE static Real max0(Real x) {
    const Real zero = L::set(0.0);
    return L::select(x > zero, x, zero);
  }
  CP_FUNCTION CP_FORCEINLINE static Real min2(Real a, Real b) { return L::select(b < a, b, a); }

  /// Whether event e is idle in `week` (or has never started): its profile is 0.
  template <class State>
  CP_FUNCTION CP_FORCEINLINE static Mask event_quiet(const State& st, std::int32_t e, Real week) {
    return L::either(week >= L::load_int(st.idle_from, e), L::load_int(st.start, e) < L::set(0.0));
  }

  /// Profile of event e in `week`: 1 while active, 1 - k/(R+1) in the k-th
  /// recovery week, 0 when quiet.
  template <class State>
  CP_FUNCTION CP_FORCEINLINE static Real event_profile(const ModelView& m, const State& st, std::int32_t e, Real week,
                                                       Mask quiet) {
    const Real one = L::set(1.0);
    const Real active_until = L::load_int(st.start, e) + L::load_int(st.duration, e);
    const Real k = week - active_until + one;
    const Real recovering = one - k / L::set(static_cast<double>(m.recovery[e] + 1));
    return L::select(quiet, L::set(0.0), L::select(week < active_until, one, recovering));
  }

  /// Simulate the block.
  template <class Sink, class State>
  CP_FUNCTION static void simulate(const ModelView& m, const State* lanes, std::uint64_t seed, std::uint64_t first,
                                   std::int32_t active, Sink& sink) {
    constexpr std::int32_t kWidth = L::kWidth;
    // Copies, as are the model's arrays below: a vector store may alias
    // anything, so what is read through a reference is read again after it.
    // The arrays are read-only views (kernels/read_only.hh).
    const State st = lanes[0];
    const std::int32_t n = m.n_nodes;
    const std::int32_t n_weeks = m.n_weeks;
    const std::int32_t n_sectors = m.n_sectors;
    const ReadOnly<double> capacity{m.capacity};
    const ReadOnly<std::int32_t> demand_row{m.demand_row};
    const ReadOnly<double> growth{m.growth};
    const ReadOnly<std::int32_t> effect_begin{m.effect_begin};
    const ReadOnly<std::int32_t> effect_node{m.effect_node};
    const ReadOnly<EffectKind> effect_kind{m.effect_kind};
    const ReadOnly<std::int32_t> group_begin{m.group_begin};
    const ReadOnly<double> per_unit{m.per_unit};
    const ReadOnly<double> target_inventory{m.target_inventory};
    const ReadOnly<std::int32_t> link_begin{m.link_begin};
    const ReadOnly<std::int32_t> link_supplier{m.link_supplier};
    const ReadOnly<double> link_share{m.link_share};
    const ReadOnly<std::int32_t> sector{m.sector};
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

    for (std::int32_t t = 0; t < n_weeks; ++t) {
      if (t > 0 && m.n_regimes > 1) {
        for (std::int32_t l = 0; l < kWidth; ++l) {
          regime[l] = detail::next_regime(m, ScenarioRng(seed, first + static_cast<std::uint64_t>(l)), regime[l], t);
        }
      }
      const Real week = L::set(static_cast<double>(t));

      // Event starts. An idle event carries an exponential clock drawn when its
      // idle period begins; each idle week spends the week's hazard
      // annual_rate[r_t] / 52 and the event starts when the clock runs out.
      // P(start in week t | idle and not started yet) = 1 - exp(-hazard),
      // exactly as the weekly Bernoulli trial of the model, with one draw per
      // idle period instead of one per week. With importance sampling the
      // hazard is the raised one and each idle week's outcome multiplies the
      // likelihood ratio by P(outcome) / P'(outcome). Draws and starts are
      // scalar, in the lanes that need them.
      const typename L::Index in_regime = L::lane_index(regime);
      // The lanes usually share their regime (a calm world mostly stays
      // calm): then an event's hazard is one broadcast, not a gather (the
      // same number either way).
      bool one_regime = true;
      for (std::int32_t l = 1; l < kWidth; ++l) one_regime = one_regime && regime[l] == regime[0];
      const auto in_lanes_regime = [&](const double* row) {
        return one_regime ? L::set(row[regime[0]]) : L::gather(row, in_regime);
      };
      Real path_weight = L::from_lanes(log_weight);
      std::int32_t shift[kWidth];
      for (std::int32_t l = 0; l < kWidth; ++l) shift[l] = -1;
      for (std::int32_t e = 0; e < m.n_events; ++e) {
        const Real idle_from = L::load_int(st.idle_from, e);
        const auto new_period = idle_from == week;
        if (L::any(new_period)) {
          double draws[kWidth];
          L::to_lanes(L::select(new_period, one, zero), draws);
          for (std::int32_t l = 0; l < kWidth; ++l) {
            if (draws[l] == 0.0) continue;
            const ScenarioRng rng(seed, first + static_cast<std::uint64_t>(l));
            lanes[l].clock[e] =
                -det_log(rng.uniform(Purpose::event_clock, m.event_stream[e], 0, static_cast<std::uint32_t>(t)));
          }
        }
        const bool forced = m.forced_week[e] == t;
        double begins[kWidth];  // 1 in the lanes where event e starts
        if (forced) {
          for (std::int32_t l = 0; l < kWidth; ++l) begins[l] = 1.0;
        } else {
          const auto waiting = week >= idle_from;
          if (!L::any(waiting)) continue;
          const std::int32_t at = e * m.n_regimes;
          const Real clock = L::load(st.clock, e);
          const Real spent = clock - in_lanes_regime(m.hazard + at);
          L::store(st.clock, e, L::select(waiting, spent, clock));
          const auto runs_out = L::both(waiting, spent <= zero);
          if (m.importance != 0) {
            const Real ratio = L::select(runs_out, in_lanes_regime(m.log_ratio_start + at),
                                         in_lanes_regime(m.log_ratio_idle + at));
            path_weight = L::select(waiting, path_weight + ratio, path_weight);
          }
          if (!L::any(runs_out)) continue;
          L::to_lanes(L::select(runs_out, one, zero), begins);
        }
        for (std::int32_t l = 0; l < kWidth; ++l) {
          if (begins[l] == 0.0) continue;
          detail::start_event(m, lanes[l], ScenarioRng(seed, first + static_cast<std::uint64_t>(l)), e, t, forced);
          if (m.regime_shift[e] >= 0) shift[l] = m.regime_shift[e];
        }
      }
      L::to_lanes(path_weight, log_weight);
      for (std::int32_t l = 0; l < kWidth; ++l) {
        if (shift[l] >= 0) regime[l] = shift[l];
        if (m.importance != 0) units[l] = weight_units(log_weight[l]);
      }

      // Capacity and final demand of the week. Desired output starts as the
      // final demand (orders are added below), kept equal to it through the
      // events so that it is not copied in a pass of its own.
      for (std::int32_t i = 0; i < n; ++i) {
        L::store(st.capacity_now, i, L::set(capacity[i]));
        const std::int32_t row = demand_row[i];
        const Real demand = row >= 0 ? L::load(st.level, i) * L::set(growth[row * n_weeks + t]) : zero;
        L::store(st.demand_now, i, demand);
        L::store(st.desired, i, demand);
      }
      for (std::int32_t e = 0; e < m.n_events; ++e) {
        const auto quiet = event_quiet(st, e, week);
        if (L::all(quiet)) continue;
        const Real p = event_profile(m, st, e, week, quiet);
        const auto idle = p == zero;  // such a lane keeps its capacity and demand
        for (std::int32_t f = effect_begin[e], f_end = effect_begin[e + 1]; f < f_end; ++f) {
          const std::int32_t i = effect_node[f];
          const Real size = L::load(st.size, f);
          if (effect_kind[f] == EffectKind::capacity_loss) {
            const Real c = L::load(st.capacity_now, i);
            L::store(st.capacity_now, i, L::select(idle, c, c * (one - size * p)));
          } else {
            const Real d = L::load(st.demand_now, i);
            const Real changed = L::select(idle, d, d * max0(one + size * p));
            L::store(st.demand_now, i, changed);
            L::store(st.desired, i, changed);
          }
        }
      }

      // Orders, customers before suppliers. A supplier is the same in every
      // lane, so its desired output is one vector. (Loop ends are read once:
      // the compiler read them again after every vector store.)
      const Real refill = L::set(m.refill_rate);
      for (std::int32_t i = n - 1; i >= 0; --i) {
        const Real y = L::load(st.desired, i);
        for (std::int32_t g = group_begin[i], g_end = group_begin[i + 1]; g < g_end; ++g) {
          const Real o =
              L::set(per_unit[g]) * y + refill * max0(L::set(target_inventory[g]) - L::load(st.inventory, g));
          L::store(st.order, g, o);
          for (std::int32_t k = link_begin[g], k_end = link_begin[g + 1]; k < k_end; ++k) {
            const std::int32_t s = link_supplier[k];
            L::store(st.desired, s, L::load(st.desired, s) + L::set(link_share[k]) * o);
          }
        }
      }

      // Production, suppliers before customers; every order and the final
      // demand of a node are served in proportion X / Y.
      for (std::int32_t s = 0; s < n_sectors; ++s) {
        L::store(st.sector_short, s, zero);
        L::store(st.sector_demand, s, zero);
      }
      for (std::int32_t j = 0; j < n; ++j) {
        const Real y = L::load(st.desired, j);
        Real x = min2(L::load(st.capacity_now, j), y);
        for (std::int32_t g = group_begin[j], g_end = group_begin[j + 1]; g < g_end; ++g) {
          // Received = order * sum of share * fill, written as order * (1 -
          // unserved share) so that fully served orders arrive exactly.
          Real unserved = zero;
          for (std::int32_t k = link_begin[g], k_end = link_begin[g + 1]; k < k_end; ++k) {
            unserved = unserved + L::set(link_share[k]) * (one - L::load(st.fill, link_supplier[k]));
          }
          // Never negative: shares summing to one plus rounding cannot take back
          // more than was ordered.
          const Real received = L::load(st.order, g) * max0(one - unserved);
          // The input limits output only when it cannot cover a * Y: compared
          // before dividing, so that an exactly sufficient input never limits.
          // The division is skipped when it limits no lane.
          const Real available = L::load(st.inventory, g) + received;
          // The order is spent: its slot holds what is available until the
          // inventory is drawn down below (one load fewer there).
          L::store(st.order, g, available);
          const Real a = L::set(per_unit[g]);
          const auto limited = available < a * y;
          if (L::any(limited)) x = L::select(limited, min2(x, available / a), x);
        }
        // x == y with 0 < y < inf gives exactly 1: the division is skipped
        // when every lane is fully served.
        const auto served = L::both(x == y, L::both(y > zero, y < L::set(HUGE_VAL)));
        const Real fill = L::all(served) ? one : L::select(y > zero, x / y, zero);
        L::store(st.fill, j, fill);
        for (std::int32_t g = group_begin[j], g_end = group_begin[j + 1]; g < g_end; ++g) {
          L::store(st.inventory, g, max0(L::load(st.order, g) - L::set(per_unit[g]) * x));
        }
        const Real d = L::load(st.demand_now, j);
        const Real shortfall = d * (one - fill);
        L::store(st.shortfall_sum, j, L::load(st.shortfall_sum, j) + shortfall);
        const std::int32_t s = sector[j];
        L::store(st.sector_short, s, L::load(st.sector_short, s) + shortfall);
        L::store(st.sector_demand, s, L::load(st.sector_demand, s) + d);
      }

      for (std::int32_t s = 0; s < n_sectors; ++s) {
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
};
