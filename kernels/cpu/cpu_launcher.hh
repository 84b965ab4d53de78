// CPU launcher: scenarios spread over OpenMP threads, one scenario per
// thread at a time, each thread with its own state and its own sink.
#pragma once

#include <omp.h>

#include <cstdint>
#include <vector>

#include "../model_view.hh"
#include "../scenario_model.hh"
#include "../scenario_state.hh"

namespace chokepoint {

/// Simulate scenarios [first, first + count) with sinks[thread] receiving the
/// outputs of the scenarios that thread ran. Which thread runs which
/// scenario varies; results must not depend on it (sinks merge exactly).
template <class Sink>
void run_scenarios_cpu(const ModelView& model, std::uint64_t seed, std::uint64_t first, std::uint64_t count,
                       std::vector<Sink>& sinks) {
  const StateShape shape = StateShape::of(model);
  const int threads = static_cast<int>(sinks.size());
#pragma omp parallel num_threads(threads)
  {
    std::vector<double> doubles(shape.doubles());
    std::vector<std::int32_t> ints(shape.ints());
    const ContiguousState state = state_slot<1>(shape, doubles.data(), ints.data(), 1, 0);
    Sink& sink = sinks[static_cast<std::size_t>(omp_get_thread_num())];
    const auto n = static_cast<std::int64_t>(count);
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t k = 0; k < n; ++k) {
      simulate_scenario(model, state, seed, first + static_cast<std::uint64_t>(k), sink);
    }
  }
}

}  // namespace chokepoint
