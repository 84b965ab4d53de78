// Running a study: scenarios [0, n) in chunks on a backend.
#pragma once

#include <cstdint>
#include <atomic>
#include <climits>
#include <cmath>
#include <stdexcept>
#include <functional>
#include <optional>
#include <string>

#include "backend.hh"
#include "batch_statistics.hh"
#include "compiled_model.hh"
#include "study_accumulator.hh"

namespace chokepoint {

/// Stop adding scenarios once a statistic's 95% interval is narrow enough.
struct PrecisionTarget {
  double relative_half_width = 0.01;  // half-width / |estimate|
  std::uint64_t max_scenarios = 0;    // 0: 100 times the starting scenarios
  std::string metric = "loss_total";
  std::string statistic = "cvar99";   // mean, var95, var99, cvar95 or cvar99
};

struct StudyOptions {
  std::uint64_t scenarios = 100000;
  std::uint64_t seed = 1;
  std::uint64_t chunk_size = 0;  // 0: chosen from n (results never depend on it)
  std::size_t top_k = 0;         // 0: default_top_k(n)
  std::uint64_t batches = kDefaultBatches;  // index ranges for batch-means CIs
  BackendOptions backend;
  /// With a target, `scenarios` is where the study starts: batches of
  /// scenarios / batches are added, doubling the study each round, until the
  /// target is met or max_scenarios is reached. The stopping point depends
  /// only on (model, seed, target).
  std::optional<PrecisionTarget> target;
};

/// How a precision target ended.
struct TargetOutcome {
  PrecisionTarget target;
  bool met = false;
  double estimate = NAN;
  double relative_half_width = NAN;  // achieved
  std::uint64_t rounds = 0;
};

/// K for the top-K lists: enough to make VaR and CVaR at 0.95 and beyond
/// exact, up to a cap that bounds memory (16384 entries per output).
std::size_t default_top_k(std::uint64_t scenarios);
/// The most scenarios a study can reach: `scenarios`, or the target's limit.
std::uint64_t largest_scenarios(const StudyOptions& options);
/// The top-K size a study uses: --top-k, or the default for its largest size.
std::size_t resolved_top_k(const StudyOptions& options);
std::uint64_t default_chunk_size(std::uint64_t scenarios);
/// The most batches one call to a backend spans (each batch has an
/// accumulator of its own while it runs): a device backend's call holds
/// several launches, and a small study's batches share them.
inline constexpr std::uint64_t kMaxBatchesPerCall = 8;

struct StudyRun {
  StudyAccumulator accumulator;
  BatchStatistics batches;
  std::string backend;              // "cpu", ...
  std::string backend_description;  // "2 OpenMP threads", ...
  std::string backend_note;         // why another backend than asked for was used, if it was
  double wall_seconds = 0.0;
  std::optional<TargetOutcome> target;
};

/// Called after each call to the backend (a chunk on the CPU, up to
/// kMaxBatchesPerCall batches on a device) with scenarios done and total.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

/// Where a study stands between two chunks: what a checkpoint saves.
struct StudySnapshot {
  const StudyAccumulator& total;   // the finished batches
  const BatchStatistics& batches;  // their statistics
  const StudyAccumulator& batch;   // the batch in progress
  std::uint64_t next_scenario;     // the first scenario not yet run
};

/// A study continued from a checkpoint.
struct StudyResume {
  StudyAccumulator total;
  BatchStatistics batches;
  StudyAccumulator batch;
  std::uint64_t next_scenario = 0;
};

/// Optional controls of a run: part of the study (shards, MPI ranks), resuming,
/// checkpoints and interruption.
struct RunControl {
  std::uint64_t first_batch = 0;            // run only batches [first_batch, end_batch)
  std::uint64_t end_batch = UINT64_MAX;
  const StudyResume* resume = nullptr;      // continue where a checkpoint stopped
  /// After each call to the backend; `stopping` is true when the run is about to stop
  /// because `stop` was set (the hook then saves whatever it must).
  std::function<void(const StudySnapshot&, bool stopping)> after_chunk;
  const std::atomic<bool>* stop = nullptr;  // set from a signal handler
};

/// Thrown when a run stops because RunControl::stop was set.
class StudyInterrupted : public std::runtime_error {
 public:
  StudyInterrupted(std::uint64_t next_scenario, std::uint64_t scenarios)
      : std::runtime_error("interrupted"), next(next_scenario), total(scenarios) {}
  std::uint64_t next;
  std::uint64_t total;
};

/// Number of batches of a study (the last may be shorter).
std::uint64_t batch_count(const StudyOptions& options);

StudyRun run_study(const CompiledModel& model, const StudyOptions& options, const ProgressFn& progress,
                   const RunControl& control = {});

}  // namespace chokepoint
