#include "replay.hh"

#include "scenario_model.hh"

namespace chokepoint {

namespace {

struct TraceSink {
  const ModelView* m;
  const std::vector<std::int32_t>* file_index;
  Trace* trace;
  std::vector<double> sector_ratio;

  void sector_week(std::int32_t sector, std::int32_t, double ratio, std::uint64_t) {
    sector_ratio[static_cast<std::size_t>(sector)] = ratio;
  }

  void week_end(std::int32_t t, std::int32_t regime, const ContiguousState& st) {
    WeekRecord w;
    w.week = t;
    w.regime = regime;
    for (std::int32_t e = 0; e < m->n_events; ++e) {
      w.event_profile.push_back(detail::event_profile(*m, st, e, t));
      w.event_started.push_back(st.start[e] == t);
    }
    const auto n = static_cast<std::size_t>(m->n_nodes);
    w.capacity_factor.resize(n);
    w.demand.resize(n);
    w.shortfall.resize(n);
    w.sector_loss.assign(static_cast<std::size_t>(m->n_sectors), 0.0);
    for (std::int32_t i = 0; i < m->n_nodes; ++i) {
      const auto f = static_cast<std::size_t>((*file_index)[static_cast<std::size_t>(i)]);
      w.capacity_factor[f] = st.capacity_now[i] / m->capacity[i];
      w.demand[f] = st.demand_now[i];
      w.shortfall[f] = st.demand_now[i] * (1.0 - st.fill[i]);
      w.sector_loss[static_cast<std::size_t>(m->sector[i])] += w.shortfall[f] * m->unit_value[i];
    }
    w.sector_ratio = sector_ratio;
    trace->weeks.push_back(std::move(w));
  }

  void scenario_end(std::uint64_t, const Strided<double, 1>& out, std::uint64_t units) {
    trace->units = units;
    for (std::int32_t k = 0; k < m->layout.size(); ++k) trace->outputs.push_back(out[k]);
  }
};

}  // namespace

Trace replay_scenario(const CompiledModel& model, std::uint64_t seed, std::uint64_t scenario) {
  const ModelView view = model.view();
  const StateShape shape = StateShape::of(view);
  std::vector<double> doubles(shape.doubles());
  std::vector<std::int32_t> ints(shape.ints());
  const ContiguousState state = state_slot<1>(shape, doubles.data(), ints.data(), 1, 0);
  Trace trace;
  trace.scenario = scenario;
  TraceSink sink{&view, &model.node_file_index(), &trace, std::vector<double>(static_cast<std::size_t>(view.n_sectors), 0.0)};
  simulate_scenario(view, state, seed, scenario, sink);
  return trace;
}

}  // namespace chokepoint
