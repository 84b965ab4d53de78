// One scenario of the chokepoint model (docs/MODEL.md, section "One scenario").
//
// This is the only implementation of the model: the CPU, Kokkos and CUDA
// backends and the replay command all run LaneModel<L>::simulate of
// kernels/scenario_lanes-inl.hh, one scenario per lane; simulate_scenario is
// its one-lane form. It allocates nothing, throws nothing and uses no library
// math, so it compiles for host and device and gives the same bits on both.
// The per-lane scalar steps (demand levels, event starts, outputs) are the
// functions of namespace detail below, shared by every lane policy.
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
#include "read_only.hh"
#include "rng.hh"
#include "scalar_lanes.hh"
#include "scenario_state.hh"

namespace chokepoint {

/// A sector counts a week as short when its shortfall ratio exceeds this.
inline constexpr double kShortWeekRatio = 0.05;

namespace detail {

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


/// Start of a scenario: demand levels m_i = exp(sigma Z - sigma^2 / 2),
/// full inventories, idle events, no shortfall yet.
template <class State>
CP_FUNCTION inline void begin_scenario(const ModelView& m, const State& st, const ScenarioRng& rng) {
  for (std::int32_t i = 0; i < m.n_nodes; ++i) {
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
}


/// A sector's weekly ratio in its peak and its count of short weeks.
template <class State>
CP_FUNCTION CP_FORCEINLINE void count_sector_week(const State& st, std::int32_t s, double ratio) {
  if (ratio > st.sector_peak[s]) st.sector_peak[s] = ratio;
  if (ratio > kShortWeekRatio) st.sector_weeks_short[s] += 1;
}

/// The output vector (MetricLayout) of a finished scenario.
template <class State>
CP_FUNCTION inline void write_outputs(const ModelView& m, const State& st) {
  const MetricLayout& lay = m.layout;
  for (std::int32_t s = 0; s < m.n_sectors; ++s) st.out[lay.sector_loss(s)] = 0.0;
  for (std::int32_t i = 0; i < m.n_nodes; ++i) {
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
}

}  // namespace detail

#include "scenario_lanes-inl.hh"  // LaneModel, in this namespace

namespace detail {
/// Profile of event e in week t in one scenario (replay traces it).
template <class State>
CP_FUNCTION inline double event_profile(const ModelView& m, const State& st, std::int32_t e, std::int32_t t) {
  const double week = t;
  return LaneModel<ScalarLanes>::event_profile(m, st, e, week, LaneModel<ScalarLanes>::event_quiet(st, e, week));
}
}  // namespace detail

/// One scenario on one state: the model with one lane.
template <class Sink, class State>
CP_FUNCTION void simulate_scenario(const ModelView& m, const State& st, std::uint64_t seed,
                                   std::uint64_t scenario, Sink& sink) {
  LaneModel<ScalarLanes>::simulate(m, &st, seed, scenario, 1, sink);
}

}  // namespace chokepoint
