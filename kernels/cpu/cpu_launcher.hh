// CPU launcher: scenarios spread over OpenMP threads in blocks of W, one
// block per thread at a time, each thread with its own state and its own
// sink. W = 1 is the scalar model (run_scenarios_cpu); the SIMD targets of
// host/run/cpu_simd.cc run W scenarios in the lanes of a vector.
#pragma once

#include <omp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "../model_view.hh"
#include "../scenario_model.hh"
#include "../scenario_state.hh"

namespace chokepoint {

/// Hands a lane's results to a sink written for one contiguous scenario:
/// with W > 1 a lane's outputs are W apart, so they are gathered first.
template <class Sink, std::uint32_t W>
struct LaneSink {
  Sink* sink;
  std::vector<double> out;  // one scenario's outputs, contiguous

  void sector_week(std::int32_t sector, std::int32_t week, double ratio, std::uint64_t units) {
    sink->sector_week(sector, week, ratio, units);
  }
  void week_end(std::int32_t week, std::int32_t regime, const BasicScenarioState<W>& st) {
    sink->week_end(week, regime, st);
  }
  void scenario_end(std::uint64_t scenario, const Strided<double, W>& lane_out, std::uint64_t units) {
    if constexpr (W == 1) {
      sink->scenario_end(scenario, lane_out, units);
    } else {
      for (std::size_t k = 0; k < out.size(); ++k) out[k] = lane_out[static_cast<std::int32_t>(k)];
      sink->scenario_end(scenario, Strided<double, 1>{out.data()}, units);
    }
  }
};

/// Simulate scenarios [first, first + count) in blocks of W with
/// sinks[thread] receiving the outputs of the scenarios that thread ran:
/// simulate(lanes, block_first, active, sink) runs one block, whose lanes
/// from `active` on pad the last block and are not reported. Which thread
/// runs which scenario varies; results must not depend on it (sinks merge
/// exactly).
template <std::uint32_t W, class Sink, class Simulate>
void run_scenario_blocks(const ModelView& model, std::uint64_t first, std::uint64_t count, std::vector<Sink>& sinks,
                         const Simulate& simulate) {
  const StateShape shape = StateShape::of(model);
  const int threads = static_cast<int>(sinks.size());
  const auto blocks = static_cast<std::int64_t>((count + W - 1) / W);
  // About 16 scenarios per grab, as before lanes, but at least eight grabs
  // per thread: a small chunk (a small study's batch: 9 scenarios of a
  // 1,000-node model) would otherwise go to one thread whole.
  constexpr std::int64_t kMostBlocksPerGrab = W >= 16 ? 1 : 16 / W;
  const int blocks_per_grab =
      static_cast<int>(std::clamp<std::int64_t>(blocks / (std::int64_t{8} * threads), 1, kMostBlocksPerGrab));
#pragma omp parallel num_threads(threads)
  {
    std::vector<double> doubles(shape.doubles() * W);
    std::vector<std::int32_t> ints(shape.ints() * W);
    std::array<BasicScenarioState<W>, W> lanes;
    for (std::uint32_t l = 0; l < W; ++l) lanes[l] = state_slot<W>(shape, doubles.data(), ints.data(), W, l);
    LaneSink<Sink, W> sink{&sinks[static_cast<std::size_t>(omp_get_thread_num())],
                           std::vector<double>(W > 1 ? static_cast<std::size_t>(shape.metrics) : 0)};
#pragma omp for schedule(dynamic, blocks_per_grab)
    for (std::int64_t b = 0; b < blocks; ++b) {
      const std::uint64_t begin = static_cast<std::uint64_t>(b) * W;
      const auto active = static_cast<std::int32_t>(std::min<std::uint64_t>(W, count - begin));
      simulate(lanes.data(), first + begin, active, sink);
    }
  }
}

/// The scalar model, one scenario per thread at a time.
template <class Sink>
void run_scenarios_cpu(const ModelView& model, std::uint64_t seed, std::uint64_t first, std::uint64_t count,
                       std::vector<Sink>& sinks) {
  run_scenario_blocks<1>(model, first, count, sinks,
                         [&](const ContiguousState* lanes, std::uint64_t block, std::int32_t active, auto& sink) {
                           LaneModel<ScalarLanes>::simulate(model, lanes, seed, block, active, sink);
                         });
}

}  // namespace chokepoint
