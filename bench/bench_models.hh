// Models, parameters and the timed study loop shared by the scale benchmarks
// (throughput_bench.cc, linearity_bench.cc, memory_bench.cc).
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "compiled_model.hh"

namespace chokepoint::bench {

/// A bundled file of scenarios/, loaded and compiled once per process.
const CompiledModel& file_model(const std::string& file);

/// `chokepoint synth --nodes N --events E --weeks T --seed 1`, generated in
/// memory, loaded and compiled once per process (on first use, so that a
/// filtered run builds only the models it needs).
const CompiledModel& synthetic_model(std::int32_t nodes, std::int32_t events, std::int32_t weeks);
std::string synthetic_label(std::int32_t nodes, std::int32_t events, std::int32_t weeks);

/// Scenarios that make about `node_weeks` node-weeks of `m`, at least `at_least`.
std::uint64_t scenarios_for(const CompiledModel& m, double node_weeks, std::uint64_t at_least);

/// Node-weeks per timed study: about a second of one CPU thread.
inline constexpr double kNodeWeeksPerStudy = 3e7;

/// Backends to benchmark: the comma-separated names in the environment
/// variable CHOKEPOINT_BENCH_BACKENDS, default "cpu" (for example
/// CHOKEPOINT_BENCH_BACKENDS=cpu,kokkos in a build that has Kokkos).
std::vector<std::string> backends();

/// 1, 2, 4, ... below the hardware's threads, then the hardware's threads.
std::vector<int> thread_counts();

/// Time studies of `scenarios` scenarios (wall clock, statistics included)
/// after one small untimed warm-up study (thread pool, device context), and
/// report node_weeks_per_s, scenarios_per_s and the model's sizes as counters.
void time_studies(benchmark::State& state, const CompiledModel& m, std::uint64_t scenarios, const std::string& backend,
                  int threads);

}  // namespace chokepoint::bench
