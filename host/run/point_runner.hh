// Running one compiled model at one point of an uncertainty analysis: M
// scenarios starting at a chosen scenario index, in batches.
//
// Points that are compared run with the same seed, first index and batch
// size, so scenario s sees the same draws at every point (common random
// numbers) and their batches pair up; points that must be independent (the
// rows of a Sobol' design, the draws of a robustness study) start at
// different indices. A PointRunner runs groups of points that share their
// scenarios (a Sobol' row, a robustness draw, a tornado) on one backend, as
// many side by side as the backend asks for (Backend::points_side_by_side:
// a device all of them, in one work list per chunk that it carries in one
// launch; the CPU one at a time). Its accumulators, one set per point side
// by side, are set up by the first group: later groups clear them instead of
// allocating them again. See docs/UNCERTAINTY.md, "Engine and launch
// granularity".
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backend.hh"
#include "batch_statistics.hh"
#include "compiled_model.hh"
#include "study_statistics.hh"

namespace chokepoint {

struct PointOptions {
  std::uint64_t scenarios = 10000;          // M, per point
  std::uint64_t batches = kDefaultBatches;  // for the paired intervals and noise estimates
  BackendOptions backend;                   // its seed is the study's
};

struct PointRun {
  StudyStatistics stats;
  std::string backend;              // "cpu", ...
  std::string backend_description;  // "2 OpenMP threads", ...
  std::string backend_note;         // why another backend than asked for was used, if it was
};

class PointRunner {
 public:
  explicit PointRunner(PointOptions options) : options_(std::move(options)) {}
  /// Called after each chunk with the scenarios run so far, over all points.
  using ChunkDoneFn = std::function<void(std::uint64_t)>;
  /// The statistics of scenarios [first, first + scenarios) of each model,
  /// in order; the models (of one shape) must stay alive until the next call.
  std::vector<PointRun> run(const std::vector<const CompiledModel*>& models, std::uint64_t first,
                            const ChunkDoneFn& chunk_done = {});
  /// run({&model}, first) for one point.
  PointRun run(const CompiledModel& model, std::uint64_t first);

 private:
  /// Backend and accumulators for `models`: kept when they fit them.
  void prepare(const std::vector<const CompiledModel*>& models);
  /// Points [begin, end) of `models` side by side, one work list per chunk,
  /// into accumulators 0 .. end - begin - 1.
  void run_side_by_side(const std::vector<const CompiledModel*>& models, std::size_t begin, std::size_t end,
                        std::uint64_t first, const ChunkDoneFn& chunk_done);

  PointOptions options_;
  std::optional<AccumulatorShape> shape_;
  std::unique_ptr<Backend> backend_;
  std::size_t side_by_side_ = 1;  // points per work list in the current group
  // Per point run side by side.
  std::vector<StudyAccumulator> totals_;
  std::vector<StudyAccumulator> batches_;
  std::vector<BatchStatistics> batches_statistics_;
};

/// A statistic of one output at a point: its value and its batch values.
struct PointStatistic {
  double value = 0.0;
  std::vector<double> batch_values;  // [batch], paired across points with the same first index
  std::vector<std::pair<double, double>> exceedance;  // the output's (x, P(value > x)), for the epistemic curves
};

/// "mean" or "cvar99" of output `metric`; throws InputError naming the
/// known outputs and statistics otherwise.
PointStatistic point_statistic(const StudyStatistics& stats, const CompiledModel& model, const std::string& metric,
                               const std::string& statistic);

}  // namespace chokepoint
