#include "study_runner.hh"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "diagnostics.hh"

namespace chokepoint {

std::size_t default_top_k(std::uint64_t scenarios) {
  const auto k = static_cast<std::uint64_t>(std::ceil(0.05 * static_cast<double>(scenarios))) + 1;
  return static_cast<std::size_t>(std::min<std::uint64_t>(k, 16384));
}

std::uint64_t default_chunk_size(std::uint64_t scenarios) {
  return std::clamp<std::uint64_t>((scenarios + 199) / 200, 1024, 65536);
}

StudyRun run_study(const CompiledModel& model, const StudyOptions& options, const ProgressFn& progress) {
  if (options.scenarios == 0 || options.scenarios > kMaxScenarios) {
    throw InputError(fmt::format("the number of scenarios must be between 1 and {} (2^48), got {}", kMaxScenarios,
                                 options.scenarios));
  }
  const auto start = std::chrono::steady_clock::now();
  const std::size_t top_k = options.top_k > 0 ? options.top_k : default_top_k(options.scenarios);
  const AccumulatorShape shape = AccumulatorShape::of(model, top_k);
  BackendOptions backend_options = options.backend;
  backend_options.seed = options.seed;
  const std::unique_ptr<Backend> backend = make_backend(model, shape, backend_options);
  StudyRun run{StudyAccumulator(shape), backend->name(), backend->description(), backend->note(), 0.0};

  const std::uint64_t chunk = options.chunk_size > 0 ? options.chunk_size : default_chunk_size(options.scenarios);
  for (std::uint64_t first = 0; first < options.scenarios; first += chunk) {
    const std::uint64_t count = std::min(chunk, options.scenarios - first);
    backend->run(first, count, run.accumulator);
    if (progress) progress(first + count, options.scenarios);
  }
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace chokepoint
