// One scenario of the chokepoint model (docs/MODEL.md, section "One scenario").
//
// This is the only implementation of the model: the CPU, Kokkos and CUDA
// backends and the replay command all call simulate_scenario. It allocates
// nothing, throws nothing and uses no library math, so it compiles for host
// and device and gives the same bits on both.
//
// The Sink receives what the scenario produces:
//   sink.sector_week(sector, week, ratio, units)  weekly shortfall ratio of a sector
//   sink.week_end(week, regime, state)            after each week (replay traces it)
//   sink.scenario_end(scenario, out, units)       the output vector (MetricLayout)
// `units` is the scenario's probability mass (kernels/importance_weight.hh): 1
// without importance sampling. A week's ratio carries the likelihood ratio
// of the path up to that week, whose expectation given that path is the
// final one (a martingale), so weekly statistics stay unbiased.
#pragma once

#include <cstddef>
#include <cstdint>

#include "distribution.hh"
#include "importance_weight.hh"
#include "macros.hh"
#include "model_view.hh"
#include "rng.hh"
#include "scenario_state.hh"

namespace chokepoint {

/// A sector counts a week as short when its shortfall ratio exceeds this.
inline constexpr double kShortWeekRatio = 0.05;

namespace detail {

CP_FUNCTION CP_FORCEINLINE double max0(double x) { return x > 0.0 ? x : 0.0; }
CP_FUNCTION CP_FORCEINLINE double min2(double a, double b) { return b < a ? b : a; }

/// r_t drawn from row r_{t-1} of the transition matrix.
CP_FUNCTION inline std::int32_t next_regime(const ModelView& m, const ScenarioRng& rng, std::int32_t regime,
                                            std::int32_t week) {
  const double u = rng.uniform(Purpose::regime, 0, 0, static_cast<std::uint32_t>(week));
  const double* row = m.transition_cdf + static_cast<std::ptrdiff_t>(regime) * m.n_regimes;
  std::int32_t k = 0;
  while (k < m.n_regimes - 1 && u >= row[k]) ++k;
  return k;
}

/// round(x) = floor(x + 0.5), at least 1 week; durations past the horizon
/// are cut to it, which changes nothing inside the horizon.
CP_FUNCTION inline std::int32_t duration_weeks(double x, std::int32_t horizon) {
  const double r = floor(x + 0.5);
  if (!(r >= 1.0)) return 1;
  return r >= static_cast<double>(horizon) ? horizon : static_cast<std::int32_t>(r);
}

/// Event e starts in week t: draw (or take the forced) duration and sizes.
template <class State>
CP_FUNCTION inline void start_event(const ModelView& m, const State& st, const ScenarioRng& rng,
                                    std::int32_t e, std::int32_t t, bool forced) {
  const std::uint32_t stream = m.event_stream[e];
  const std::uint32_t week = static_cast<std::uint32_t>(t);
  std::int32_t d = 0;
  if (forced && m.forced_duration[e] > 0) {
    d = m.forced_duration[e] < m.n_weeks ? m.forced_duration[e] : m.n_weeks;
  } else {
    d = duration_weeks(sample(m.duration[e], rng.uniform(Purpose::event_duration, stream, 0, week)), m.n_weeks);
  }
  st.start[e] = t;
  st.duration[e] = d;
  st.idle_from[e] = t + d + m.recovery[e];
  st.starts[e] += 1;
  const bool forced_loss = forced && m.forced_capacity_loss[e] >= 0.0;
  for (std::int32_t f = m.effect_begin[e]; f < m.effect_begin[e + 1]; ++f) {
    if (forced_loss && m.effect_kind[f] == EffectKind::capacity_loss) {
      st.size[f] = m.forced_capacity_loss[e];
    } else {
      const auto item = static_cast<std::uint32_t>(f - m.effect_begin[e]);
      st.size[f] = sample(m.effect_size[f], rng.uniform(Purpose::effect_size, stream, item, week));
    }
  }
}

/// Profile of event e in week t: 1 while active, 1 - k/(R+1) in the k-th
/// recovery week, 0 when idle.
template <class State>
CP_FUNCTION CP_FORCEINLINE double event_profile(const ModelView& m, const State& st, std::int32_t e,
                                                std::int32_t t) {
  if (t >= st.idle_from[e] || st.start[e] < 0) return 0.0;
  const std::int32_t active_until = st.start[e] + st.duration[e];
  if (t < active_until) return 1.0;
  const std::int32_t k = t - active_until + 1;
  return 1.0 - static_cast<double>(k) / static_cast<double>(m.recovery[e] + 1);
}

}  // namespace detail

template <class Sink, class State>
CP_FUNCTION void simulate_scenario(const ModelView& m, const State& st, std::uint64_t seed,
                                   std::uint64_t scenario, Sink& sink) {
  using detail::max0;
  using detail::min2;
  const ScenarioRng rng(seed, scenario);
  const std::int32_t n = m.n_nodes;

  // Demand level of the scenario: m_i = exp(sigma Z - sigma^2 / 2).
  for (std::int32_t i = 0; i < n; ++i) {
    double level = m.demand_base[i];
    const double sigma = m.demand_sigma[i];
    if (m.demand_row[i] >= 0 && sigma > 0.0) {
      const double z = det_normal_quantile(rng.uniform(Purpose::demand_level, m.node_stream[i], 0, 0));
      level *= det_exp(sigma * z - sigma * sigma * 0.5);
    }
    st.level[i] = level;
    st.shortfall_sum[i] = 0.0;
  }
  for (std::int32_t g = 0; g < m.n_groups; ++g) st.inventory[g] = m.target_inventory[g];
  for (std::int32_t e = 0; e < m.n_events; ++e) {
    st.start[e] = -1;
    st.duration[e] = 0;
    st.idle_from[e] = 0;
    st.starts[e] = 0;
    st.clock[e] = 0.0;
  }
  for (std::int32_t s = 0; s < m.n_sectors; ++s) {
    st.sector_peak[s] = 0.0;
    st.sector_weeks_short[s] = 0;
  }

  std::int32_t regime = m.initial_regime;
  double log_weight = 0.0;  // of the path so far, with importance sampling
  std::uint64_t units = 1;
  for (std::int32_t t = 0; t < m.n_weeks; ++t) {
    if (t > 0 && m.n_regimes > 1) regime = detail::next_regime(m, rng, regime, t);

    // Event starts. An idle event carries an exponential clock drawn when its
    // idle period begins; each idle week spends the week's hazard
    // annual_rate[r_t] / 52 and the event starts when the clock runs out.
    // P(start in week t | idle and not started yet) = 1 - exp(-hazard),
    // exactly as the weekly Bernoulli trial of the model, with one draw per
    // idle period instead of one per week. With importance sampling the
    // hazard is the raised one and each idle week's outcome multiplies the
    // likelihood ratio by P(outcome) / P'(outcome).
    std::int32_t shift = -1;
    for (std::int32_t e = 0; e < m.n_events; ++e) {
      if (t == st.idle_from[e]) {
        st.clock[e] = -det_log(rng.uniform(Purpose::event_clock, m.event_stream[e], 0, static_cast<std::uint32_t>(t)));
      }
      const bool forced = m.forced_week[e] == t;
      bool begins = forced;
      if (!forced && t >= st.idle_from[e]) {
        const std::int32_t at = e * m.n_regimes + regime;
        st.clock[e] -= m.hazard[at];
        begins = st.clock[e] <= 0.0;
        if (m.importance != 0) log_weight += begins ? m.log_ratio_start[at] : m.log_ratio_idle[at];
      }
      if (begins) {
        detail::start_event(m, st, rng, e, t, forced);
        if (m.regime_shift[e] >= 0) shift = m.regime_shift[e];
      }
    }
    if (shift >= 0) regime = shift;
    if (m.importance != 0) units = weight_units(log_weight);

    // Capacity and final demand of the week.
    for (std::int32_t i = 0; i < n; ++i) {
      st.capacity_now[i] = m.capacity[i];
      const std::int32_t row = m.demand_row[i];
      st.demand_now[i] = row >= 0 ? st.level[i] * m.growth[row * m.n_weeks + t] : 0.0;
    }
    for (std::int32_t e = 0; e < m.n_events; ++e) {
      const double p = detail::event_profile(m, st, e, t);
      if (p == 0.0) continue;
      for (std::int32_t f = m.effect_begin[e]; f < m.effect_begin[e + 1]; ++f) {
        const std::int32_t i = m.effect_node[f];
        if (m.effect_kind[f] == EffectKind::capacity_loss) {
          st.capacity_now[i] *= 1.0 - st.size[f] * p;
        } else {
          st.demand_now[i] *= max0(1.0 + st.size[f] * p);
        }
      }
    }

    // Orders, customers before suppliers.
    for (std::int32_t i = 0; i < n; ++i) st.desired[i] = st.demand_now[i];
    for (std::int32_t i = n - 1; i >= 0; --i) {
      const double y = st.desired[i];
      for (std::int32_t g = m.group_begin[i]; g < m.group_begin[i + 1]; ++g) {
        const double o = m.per_unit[g] * y + m.refill_rate * max0(m.target_inventory[g] - st.inventory[g]);
        st.order[g] = o;
        for (std::int32_t l = m.link_begin[g]; l < m.link_begin[g + 1]; ++l) {
          st.desired[m.link_supplier[l]] += m.link_share[l] * o;
        }
      }
    }

    // Production, suppliers before customers; every order and the final
    // demand of a node are served in proportion X / Y.
    for (std::int32_t s = 0; s < m.n_sectors; ++s) {
      st.sector_short[s] = 0.0;
      st.sector_demand[s] = 0.0;
    }
    for (std::int32_t j = 0; j < n; ++j) {
      const double y = st.desired[j];
      double x = min2(st.capacity_now[j], y);
      for (std::int32_t g = m.group_begin[j]; g < m.group_begin[j + 1]; ++g) {
        // Received = order * sum of share * fill, written as order * (1 -
        // unserved share) so that fully served orders arrive exactly.
        double unserved = 0.0;
        for (std::int32_t l = m.link_begin[g]; l < m.link_begin[g + 1]; ++l) {
          unserved += m.link_share[l] * (1.0 - st.fill[m.link_supplier[l]]);
        }
        // Never negative: shares summing to one plus rounding cannot take back
        // more than was ordered.
        const double received = st.order[g] * max0(1.0 - unserved);
        st.order[g] = received;
        // The input limits output only when it cannot cover a * Y: compared
        // before dividing, so that an exactly sufficient input never limits.
        const double available = st.inventory[g] + received;
        if (available < m.per_unit[g] * y) x = min2(x, available / m.per_unit[g]);
      }
      const double fill = y > 0.0 ? x / y : 0.0;
      st.fill[j] = fill;
      for (std::int32_t g = m.group_begin[j]; g < m.group_begin[j + 1]; ++g) {
        st.inventory[g] = max0(st.inventory[g] + st.order[g] - m.per_unit[g] * x);
      }
      const double d = st.demand_now[j];
      const double shortfall = d * (1.0 - fill);
      st.shortfall_sum[j] += shortfall;
      st.sector_short[m.sector[j]] += shortfall;
      st.sector_demand[m.sector[j]] += d;
    }

    for (std::int32_t s = 0; s < m.n_sectors; ++s) {
      const double ratio = st.sector_demand[s] > 0.0 ? st.sector_short[s] / st.sector_demand[s] : 0.0;
      if (ratio > st.sector_peak[s]) st.sector_peak[s] = ratio;
      if (ratio > kShortWeekRatio) st.sector_weeks_short[s] += 1;
      sink.sector_week(s, t, ratio, units);
    }
    sink.week_end(t, regime, st);
  }

  // Outputs.
  const MetricLayout& lay = m.layout;
  for (std::int32_t s = 0; s < m.n_sectors; ++s) st.out[lay.sector_loss(s)] = 0.0;
  for (std::int32_t i = 0; i < n; ++i) {
    const std::int32_t row = m.demand_row[i];
    if (row < 0) continue;
    const double lost = st.shortfall_sum[i] * m.unit_value[i];
    st.out[lay.node_loss(row)] = lost;
    st.out[lay.sector_loss(m.sector[i])] += lost;
  }
  double total = 0.0;
  for (std::int32_t s = 0; s < m.n_sectors; ++s) {
    total += st.out[lay.sector_loss(s)];
    st.out[lay.sector_peak(s)] = st.sector_peak[s];
    st.out[lay.sector_weeks_short(s)] = static_cast<double>(st.sector_weeks_short[s]);
  }
  st.out[MetricLayout::loss_total] = total;
  for (std::int32_t e = 0; e < m.n_events; ++e) st.out[lay.event_starts(e)] = static_cast<double>(st.starts[e]);
  sink.scenario_end(scenario, st.out, units);
}

}  // namespace chokepoint
