// Running a study: scenarios [0, n) in chunks on a backend.
#pragma once

#include <cstdint>
#include <functional>

#include "backend.hh"
#include "compiled_model.hh"
#include "study_accumulator.hh"

namespace chokepoint {

/// Largest number of scenarios a study may have (2^48: far beyond any
/// practical run, well inside the 64-bit scenario counter).
inline constexpr std::uint64_t kMaxScenarios = std::uint64_t{1} << 48;

struct StudyOptions {
  std::uint64_t scenarios = 100000;
  std::uint64_t seed = 1;
  std::uint64_t chunk_size = 0;  // 0: chosen from n (results never depend on it)
  std::size_t top_k = 0;         // 0: default_top_k(n)
  BackendOptions backend;
};

/// K for the top-K lists: enough to make VaR and CVaR at 0.95 and beyond
/// exact, up to a cap that bounds memory (16384 entries per output).
std::size_t default_top_k(std::uint64_t scenarios);
std::uint64_t default_chunk_size(std::uint64_t scenarios);

struct StudyRun {
  StudyAccumulator accumulator;
  std::string backend;              // "cpu", ...
  std::string backend_description;  // "2 OpenMP threads", ...
  std::string backend_note;         // why another backend than asked for was used, if it was
  double wall_seconds = 0.0;
};

/// Called after each chunk with scenarios done and total.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

StudyRun run_study(const CompiledModel& model, const StudyOptions& options, const ProgressFn& progress);

}  // namespace chokepoint
