// The sink of the CPU backend: each scenario's results into the thread's
// StudyAccumulator (kernels/scenario_model.hh describes sinks).
#pragma once

#include <cstdint>

#include "scenario_state.hh"
#include "study_accumulator.hh"

namespace chokepoint {

struct AccumulatingSink {
  StudyAccumulator* acc;
  void sector_week(std::int32_t sector, std::int32_t week, double ratio, std::uint64_t units) {
    acc->add_ratio(sector, week, ratio, units);
  }
  template <class State>
  void week_end(std::int32_t, std::int32_t, const State&) {}
  void scenario_end(std::uint64_t scenario, const Strided<double, 1>& out, std::uint64_t units) {
    acc->add_scenario(scenario, out.base, units);
  }
};

}  // namespace chokepoint
