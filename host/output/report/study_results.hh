// A study's results folder (results.json and manifest.json, docs/RESULTS.md)
// read back, for reports and night-to-night comparisons.
//
// Confidence intervals ("mean_ci", and "ci" on quantiles, VaR and CVaR) are
// optional: folders written before they existed read with them absent.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json_cursor.hh"

namespace chokepoint::report {

inline constexpr double kNotANumber = std::numeric_limits<double>::quiet_NaN();

struct Interval {
  double lo = kNotANumber;
  double hi = kNotANumber;
};

/// A quantile (level p), VaR or CVaR (level alpha).
struct LevelEstimate {
  double level = 0.0;
  double value = kNotANumber;
  bool exact = false;
  std::optional<Interval> ci;
};

struct MetricResult {
  std::string name;     // "loss_total", "loss.SECTOR", ...
  std::string pointer;  // JSON pointer of this metric in results.json (reports cite their numbers by it)
  std::string kind;  // value, ratio, weeks, count
  std::string unit;
  std::uint64_t count = 0;
  double mean = kNotANumber;
  double sd = kNotANumber;
  double se = kNotANumber;
  double min = kNotANumber;
  double max = kNotANumber;
  double p_positive = kNotANumber;
  std::optional<Interval> mean_ci;
  std::vector<LevelEstimate> quantiles;
  std::vector<LevelEstimate> var;
  std::vector<LevelEstimate> cvar;
  std::vector<std::pair<double, double>> exceedance;  // (x, P(value > x))

  /// The estimate at `level` (compared within 1e-9), or nullptr.
  [[nodiscard]] const LevelEstimate* quantile_at(double p) const;
  [[nodiscard]] const LevelEstimate* var_at(double alpha) const;
  [[nodiscard]] const LevelEstimate* cvar_at(double alpha) const;
};

struct FanChartResult {
  std::string sector;
  std::vector<double> q50, q90, q99;  // weekly shortfall ratio per week
  std::vector<double> p_short;        // share of scenarios short that week
  std::vector<double> q50_short, q90_short, q99_short;  // among those scenarios; NaN where none is
};

using NamedValues = std::vector<std::pair<std::string, double>>;

struct TailResult {
  std::string metric;
  double alpha = 0.0;
  std::uint64_t scenarios = 0;
  bool exact = true;
  NamedValues sector_mean_loss;
  NamedValues event_lift;  // NaN where the event never started
};

struct WorstScenarioResult {
  std::uint64_t scenario = 0;
  double loss_total = kNotANumber;
  NamedValues sector_loss;
  NamedValues event_starts;  // only events that started
};

/// What a results.json and a comparison.json both say of their study.
struct StudyHeading {
  std::string model;
  std::string model_sha256;
  std::string value_unit;
  std::int64_t horizon_weeks = 0;
  std::uint64_t seed = 0;
  std::uint64_t scenarios = 0;
};

/// The heading from the "study" object of either file.
StudyHeading read_study_heading(const JsonCursor& study);

struct StudyResults : StudyHeading {
  std::string folder;
  std::string policy;       // "" for none
  std::string stress_test;  // "" for none
  std::string importance;   // --importance of the study, "" for none
  double effective_sample_size = NAN;  // with importance sampling
  std::uint64_t top_k = 0;
  /// Confidence of the intervals (precision.confidence; 0.95 in results
  /// that do not say).
  double ci_confidence = 0.95;
  std::vector<MetricResult> metrics;
  std::vector<FanChartResult> fan_charts;
  TailResult tail;
  std::vector<WorstScenarioResult> worst;
  /// manifest.json as written; nullopt when the folder has none.
  std::optional<boost::json::object> manifest;

  [[nodiscard]] const MetricResult* metric(std::string_view name) const;
  /// Sectors in the order of their "loss.SECTOR" metrics.
  [[nodiscard]] std::vector<std::string> sectors() const;
  /// loss_total, then loss.SECTOR for each sector when there are several
  /// (with one sector they are the same numbers).
  [[nodiscard]] std::vector<std::string> headline_metrics() const;
  [[nodiscard]] bool is_baseline() const { return policy.empty() && stress_test.empty(); }
  /// "baseline", "policy ID" or "stress test ID" (both when a study has both).
  [[nodiscard]] std::string variant_name() const;
  /// " Importance sampling (SPEC): effective sample size N." or "".
  [[nodiscard]] std::string sampling_note() const;
  /// A string member of the manifest ("" when absent).
  [[nodiscard]] std::string manifest_string(std::string_view key) const;
};

/// "total" for loss_total, else the sector of loss.SECTOR.
std::string headline_label(const std::string& metric);

/// The optional interval `key` of `parent` ([lo, hi]; absent or null: nullopt).
std::optional<Interval> read_optional_interval(const JsonCursor& parent, std::string_view key);

/// Read `folder`/results.json and, if present, `folder`/manifest.json.
/// Throws InputError for a missing results.json or one that is not in
/// format chokepoint-results/1.
StudyResults read_study_results(const std::string& folder);

}  // namespace chokepoint::report
