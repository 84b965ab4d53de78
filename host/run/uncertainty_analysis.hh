// The three analyses over a file's uncertain factors (shared/spec/
// UNCERTAINTY.md): tornado (one factor at a time), variance-based Sobol'
// indices with the epistemic band, and policy robustness over factor draws.
//
// Each analysis evaluates the model at factor points (point_runner.hh) and
// hands the numbers to the estimators of stats/sensitivity.hh. Which points
// share scenarios (common random numbers) is decided here and documented in
// docs/UNCERTAINTY.md: the points of a tornado all run scenarios [0, M); the
// D + 2 points of Sobol' row r run [r M, (r + 1) M); the baseline and every
// policy at robustness draw j run [j M, (j + 1) M).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "point_runner.hh"
#include "scenario_loader.hh"
#include "sensitivity.hh"
#include "study_runner.hh"

namespace chokepoint {

struct UncertaintyOptions {
  std::string method = "tornado";  // tornado, sobol or robustness
  PointOptions point;              // M scenarios per point, batches, backend
  std::uint64_t seed = 1;          // scenarios, the design and the bootstrap
  std::uint64_t rows = 64;         // N, Sobol' design rows
  std::uint64_t draws = 64;        // J, robustness factor draws
  std::string metric = "loss_total";
  std::string statistic = "mean";  // mean or cvar99
  double low_quantile = 0.05;      // a factor's low and high ends (tornado)
  double high_quantile = 0.95;
  std::size_t bootstrap_samples = 1000;
};

struct TornadoEnd {
  double quantile = 0.0;
  double value = 0.0;
  double difference = 0.0;  // value minus the base value
  std::optional<Interval> ci;  // paired 95% interval of the difference
};

struct FactorResult {
  std::string id;
  std::string label;
  std::optional<TornadoEnd> low, high;
  std::optional<IntervalEstimate> first_order, total;
};

/// A robustness candidate: "do nothing" (index 0) or a policy.
struct CandidateResult {
  std::string id;  // "do_nothing" for the first
  std::string label;
  double cost_over_horizon = 0.0;
  CandidateRobustness robustness;
};

struct UncertaintyResults {
  UncertaintyOptions options;
  std::string model_name;
  std::string model_sha256;
  std::string value_unit;
  std::int32_t horizon_weeks = 0;
  std::vector<FactorResult> factors;  // tornado: sorted by bar width; else file order
  std::optional<IntervalEstimate> base;
  std::optional<EpistemicBand> epistemic;
  std::optional<EpistemicExceedance> epistemic_exceedance;  // of the metric, across the same draws as the band
  std::optional<double> noise_to_signal;
  std::optional<double> variance;  // of the statistic across factor draws, noise-corrected
  std::vector<CandidateResult> candidates;
  std::optional<double> evpi;
  std::optional<double> unresolved_share;  // share of draws whose best two are within noise
  std::uint64_t points = 0;  // model evaluations (launches)
  std::string backend, backend_description, backend_note;
  double wall_seconds = 0.0;
};

/// How many points the analysis evaluates (for progress and plans).
std::uint64_t uncertainty_points(const LoadedScenario& loaded, const UncertaintyOptions& options);

/// Run the analysis; throws InputError for a file without factors (or, for
/// robustness, without policies), an unknown metric or statistic, or a
/// point that breaks a rule.
UncertaintyResults run_uncertainty(const LoadedScenario& loaded, const UncertaintyOptions& options,
                                   const ProgressFn& progress);

}  // namespace chokepoint
