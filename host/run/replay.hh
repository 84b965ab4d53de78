// Re-simulating one scenario week by week, to explain it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiled_model.hh"

namespace chokepoint {

struct WeekRecord {
  std::int32_t week = 0;
  std::int32_t regime = 0;              // after the week's regime shifts
  std::vector<double> event_profile;    // per event: 1 active, (0,1) recovering, 0 idle
  std::vector<bool> event_started;      // per event: started this week
  std::vector<double> capacity_factor;  // per node (file order): C_i(t) / capacity_i
  std::vector<double> demand;           // per node (file order): D_i(t)
  std::vector<double> shortfall;        // per node (file order): S_i(t)
  std::vector<double> sector_ratio;     // per sector: sum S / sum D
  std::vector<double> sector_loss;      // per sector: value lost this week
};

struct Trace {
  std::uint64_t scenario = 0;
  std::vector<WeekRecord> weeks;
  std::vector<double> outputs;  // MetricLayout order
  std::uint64_t units = 1;      // probability mass (kernels/importance_weight.hh): 1 without importance sampling
};

/// The same computation as a study's scenario `scenario` (same model code,
/// same addressed draws), with every week recorded.
Trace replay_scenario(const CompiledModel& model, std::uint64_t seed, std::uint64_t scenario);

}  // namespace chokepoint
