#include "scenario_outputs.hh"

#include <omp.h>

#include <vector>

#include "cpu/cpu_launcher.hh"
#include "importance_weight.hh"

namespace chokepoint {

namespace {

/// Writes each scenario's outputs to its row.
struct RowSink {
  std::uint64_t first;
  std::int32_t outputs;
  bool weighted;
  double* values;
  double* weights;

  void sector_week(std::int32_t, std::int32_t, double, std::uint64_t) {}
  void week_end(std::int32_t, std::int32_t, const ContiguousState&) {}
  void scenario_end(std::uint64_t scenario, const Strided<double, 1>& out, std::uint64_t units) const {
    const std::uint64_t row = scenario - first;
    double* to = values + row * static_cast<std::uint64_t>(outputs);
    for (std::int32_t k = 0; k < outputs; ++k) to[k] = out[k];
    // A plain study counts one unit per scenario; a weighted one kUnitsPerWeight per unit of weight.
    if (weights != nullptr) weights[row] = weighted ? static_cast<double>(units) / kUnitsPerWeight : 1.0;
  }
};

}  // namespace

void scenario_outputs(const CompiledModel& model, std::uint64_t seed, std::uint64_t first, std::uint64_t count,
                      int threads, double* values, double* weights) {
  const ModelView view = model.view();
  const RowSink sink{first, view.layout.size(), !model.importance_factors().empty(), values, weights};
  std::vector<RowSink> sinks(static_cast<std::size_t>(threads > 0 ? threads : omp_get_max_threads()), sink);
  run_scenarios_cpu(view, seed, first, count, sinks);
}

}  // namespace chokepoint
