// An uncertainty folder's uncertainty.json (format chokepoint-uncertainty/1,
// /work/shared/spec/UNCERTAINTY.md section 3) read back for the report.
// Every analysis is optional: a tornado-only file has no first-order
// indices, a robustness file has policies and EVPI; absent or null parts
// read as nullopt or empty.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "study_results.hh"

namespace chokepoint::report {

/// A number with its 95% interval (aleatory: Monte Carlo or bootstrap).
struct EstimateWithInterval {
  double value = kNotANumber;
  std::optional<Interval> ci;
  std::string pointer;     // JSON pointer of the value in uncertainty.json
  std::string ci_pointer;  // of the interval ("" without one)
};

/// The statistic with one factor at one end, the others at base.
struct TornadoEnd {
  double value = kNotANumber;
  EstimateWithInterval difference;  // value - base, paired interval
};

struct UncertainFactor {
  std::string id;
  std::string label;
  double low = kNotANumber;  // quantile of the low end (0.05 by default)
  double high = kNotANumber;
  std::optional<TornadoEnd> tornado_low, tornado_high;
  std::optional<EstimateWithInterval> first_order, total;

  /// |difference at high - difference at low|: the tornado bar's width.
  [[nodiscard]] double swing() const;
};

/// The spread of the statistic across factor draws: a band, not an interval.
struct EpistemicBand {
  double mean = kNotANumber;
  double p5 = kNotANumber;
  double p50 = kNotANumber;
  double p95 = kNotANumber;
  std::string pointer;
};

/// Exceedance curves P(loss > x) at P5, P50 and P95 across factor draws.
struct EpistemicExceedance {
  std::vector<double> x, p5, p50, p95;
};

struct PolicyRobustness {
  std::string id;
  EstimateWithInterval p_best;
  double mean_regret = kNotANumber;
  double p90_regret = kNotANumber;
  double mean_net_benefit = kNotANumber;
};

struct UncertaintyResults {
  std::string folder;
  std::string model;
  std::string model_sha256;
  std::string metric = "loss_total";
  std::string statistic = "mean";
  std::optional<std::uint64_t> rows, scenarios_per_point, draws;
  std::vector<UncertainFactor> factors;
  std::optional<EstimateWithInterval> base;
  std::optional<EpistemicBand> epistemic;
  std::optional<double> noise_to_signal;
  std::optional<EpistemicExceedance> epistemic_exceedance;
  std::vector<PolicyRobustness> policies;
  std::optional<double> evpi;

  [[nodiscard]] bool has_tornado() const;
  [[nodiscard]] bool has_indices() const;
  /// Factors sorted by tornado swing, widest first (as the contract asks).
  [[nodiscard]] std::vector<const UncertainFactor*> by_swing() const;
};

/// Read `folder`/uncertainty.json. Throws InputError (file, line, column,
/// pointer) for a wrong format or a value of the wrong kind.
UncertaintyResults read_uncertainty(const std::string& folder);

}  // namespace chokepoint::report
