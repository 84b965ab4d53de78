// Comparing two nights of the nightly suite: which risk numbers moved by more
// than both the Monte Carlo noise and the configured relative threshold, and
// what changed in between (model files, code, sizes, machines).
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "night_changes.hh"
#include "nightly_config.hh"
#include "study_results.hh"

namespace chokepoint::nightly {

/// Every study (results.json) found under a night's folder.
struct NightResults {
  std::string folder;
  std::vector<report::StudyResults> studies;
};

/// Read every results folder below `folder` (InputError on a broken file,
/// or on two folders holding the same study).
NightResults read_night(const std::string& folder);

/// A statistic of a metric with its standard error (NaN when the results
/// give no way to know it).
struct Estimated {
  double value = report::kNotANumber;
  double se = report::kNotANumber;
};

/// `statistic` (one of nightly_statistics()) of `m`. The standard error
/// comes from the metric's confidence interval (at `ci_confidence`) when
/// present, else for the mean from `se`, for p_positive from the binomial
/// formula; VaR and CVaR without an interval have none.
Estimated estimate_statistic(const report::MetricResult& m, const std::string& statistic, double ci_confidence);

/// A manifest member that differs between the nights, with the studies in
/// which it does.
struct ManifestChange {
  std::string key;  // "git_commit", "model_sha256", "hardware.cpu", ...
  std::string previous;
  std::string current;
  std::vector<std::string> studies;
};

struct NightDiff {
  std::string previous_folder;
  std::string current_folder;
  double relative_threshold = 0.0;
  double confidence = 0.0;
  double z = 0.0;                        // noise = z * sqrt(se_previous^2 + se_current^2)
  std::vector<StatisticChange> changes;  // every comparison made
  /// Statistics not compared for lack of a standard error: "cvar99 (66 studies)".
  std::vector<std::string> not_compared;
  std::vector<ManifestChange> manifest_changes;
  std::vector<std::string> only_previous;  // studies
  std::vector<std::string> only_current;
  /// The moved statistics by cause (group_by_cause).
  std::vector<CauseGroup> groups;

  [[nodiscard]] std::size_t flagged_increases() const;
  [[nodiscard]] std::size_t flagged_decreases() const;
  /// A statistic moved beyond the noise in a study none of whose inputs changed.
  [[nodiscard]] bool reproducibility_failure() const;
  /// 4 on a reproducibility failure, else 3 when a risk number rose beyond
  /// the noise and the threshold, else 0.
  [[nodiscard]] int exit_status() const;
};

NightDiff diff_nights(const NightResults& previous, const NightResults& current, const NightlyConfig& config);

/// The comparison for people (Markdown: CI logs, chat, diff.md).
std::string night_diff_markdown(const NightDiff& d);
/// The comparison for programs (diff.json; the nightly index reads it).
boost::json::value night_diff_json(const NightDiff& d);

}  // namespace chokepoint::nightly
