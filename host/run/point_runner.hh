// Running one compiled model at one point of an uncertainty analysis: M
// scenarios starting at a chosen scenario index, in batches.
//
// Points that are compared run with the same seed, first index and batch
// size, so scenario s sees the same draws at every point (common random
// numbers) and their batches pair up; points that must be independent (the
// rows of a Sobol' design, the draws of a robustness study) start at
// different indices. One call is one launch on the backend: the granularity
// is one point (docs/UNCERTAINTY.md, "Engine").
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "backend.hh"
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

/// The statistics of scenarios [first, first + scenarios) of `model`.
PointRun run_point(const CompiledModel& model, std::uint64_t first, const PointOptions& options);

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
