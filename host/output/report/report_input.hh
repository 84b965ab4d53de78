// What a report shows: results folders grouped by model, each group with
// its baseline, stress tests, policies, comparison and scenario file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "comparison_results.hh"
#include "scenario.hh"
#include "study_results.hh"
#include "uncertainty_results.hh"

namespace chokepoint::report {

/// The scenario file behind a group's results, when it is still there and
/// unchanged (timelines, sources, labels and costs come from it).
struct ModelFile {
  std::string path;                  // manifest's model_file; "" when no manifest names one
  std::optional<Scenario> scenario;  // loaded, with a SHA-256 equal to the results'
  std::string problem;               // why `scenario` is absent
};

struct ModelGroup {
  std::string model;
  std::string model_sha256;
  /// Baselines first, then stress tests, then policies; otherwise in the
  /// order the folders were given.
  std::vector<StudyResults> studies;
  /// From comparison.json when a compare folder was given; else derived
  /// from the baseline and variant folders (when both are present).
  std::optional<ComparisonResults> comparison;
  ModelFile model_file;
  /// From an uncertainty folder (uncertainty.json) of the same model.
  std::optional<UncertaintyResults> uncertainty;

  [[nodiscard]] const StudyResults* baseline() const;
  [[nodiscard]] std::vector<const StudyResults*> stress_tests() const;
  [[nodiscard]] std::vector<const StudyResults*> policies() const;
  /// The comparison's policies by cost-effectiveness rank (unranked last,
  /// in file order), then its stress tests by expected loss, highest first.
  [[nodiscard]] std::vector<const VariantComparison*> ranked_variants(std::string_view kind) const;
  /// Baselines, stress tests by expected loss (highest first), policies by
  /// rank: the order every table of the report lists studies in.
  [[nodiscard]] std::vector<const StudyResults*> in_reading_order() const;
};

/// Read every folder: a results folder (results.json), a compare folder
/// (comparison.json beside baseline/ and one folder per variant) or an
/// uncertainty folder (uncertainty.json, joined to the results of its
/// model, which must be given too). Throws InputError for a folder that is
/// none of these or holds a broken file.
std::vector<ModelGroup> gather_report_input(const std::vector<std::string>& folders);

/// Load `path` and check it against the results' SHA-256.
ModelFile open_model_file(const std::string& path, const std::string& expected_sha256);

}  // namespace chokepoint::report
