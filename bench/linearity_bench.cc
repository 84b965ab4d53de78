// Cost as a study grows along one size at a time, the others fixed, on one
// thread: per-node-week cost should stay flat (within 2x) from 10^4 to
// 10^6 scenarios, 10 to 1000 nodes (events = nodes / 2, the density of the
// 60-node reference model) and 52 to 520 weeks. Events are a cost per
// event-week, not per node-week: their sweep keeps nodes, weeks and
// scenarios fixed and shows time growing linearly with the event count.
//   Linearity/scenarios/synth_n10_e5_w52/BACKEND/scenarios:N
//   Linearity/nodes/synth_nN_eN/2_w104/BACKEND
//   Linearity/weeks/synth_n60_e30_wT/BACKEND
//   Linearity/events/synth_n60_eE_w104/BACKEND
#include <fmt/format.h>

#include "bench_models.hh"

namespace chokepoint::bench {

namespace {

struct Case {
  std::string sweep;
  std::int32_t nodes, events, weeks;
  std::uint64_t scenarios;  // 0: about kNodeWeeksPerStudy node-weeks
};

std::vector<Case> cases() {
  std::vector<Case> list;
  for (const std::uint64_t n : {10000, 100000, 1000000}) list.push_back({"scenarios", 10, 5, 52, n});
  for (const std::int32_t nodes : {10, 30, 100, 300, 1000}) list.push_back({"nodes", nodes, nodes / 2, 104, 0});
  for (const std::int32_t weeks : {52, 104, 260, 520}) list.push_back({"weeks", 60, 30, weeks, 0});
  for (const std::int32_t events : {10, 30, 100, 300, 1000}) list.push_back({"events", 60, events, 104, 5000});
  return list;
}

const bool registered = [] {
  for (const Case& c : cases()) {
    for (const std::string& backend : backends()) {
      std::string name = fmt::format("Linearity/{}/{}/{}", c.sweep, synthetic_label(c.nodes, c.events, c.weeks), backend);
      if (c.sweep == "scenarios") name += fmt::format("/scenarios:{}", c.scenarios);
      benchmark::RegisterBenchmark(name.c_str(),
                                   [c, backend](benchmark::State& state) {
                                     const CompiledModel& m = synthetic_model(c.nodes, c.events, c.weeks);
                                     const std::uint64_t n =
                                         c.scenarios > 0 ? c.scenarios : scenarios_for(m, kNodeWeeksPerStudy, 256);
                                     time_studies(state, m, n, backend, 1);
                                   })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
  return true;
}();

}  // namespace

}  // namespace chokepoint::bench
