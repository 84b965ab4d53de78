// What a report shows: results folders grouped by model, each group with
// its baseline, stress tests, policies, comparison and scenario file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "comparison_results.hh"
#include "scenario.hh"
#include "study_results.hh"

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

  [[nodiscard]] const StudyResults* baseline() const;
  [[nodiscard]] std::vector<const StudyResults*> stress_tests() const;
  [[nodiscard]] std::vector<const StudyResults*> policies() const;
};

/// Read every folder: a results folder (results.json) or a compare folder
/// (comparison.json beside baseline/ and one folder per variant). Throws
/// InputError for a folder that is neither or holds a broken file.
std::vector<ModelGroup> gather_report_input(const std::vector<std::string>& folders);

/// Load `path` and check it against the results' SHA-256.
ModelFile open_model_file(const std::string& path, const std::string& expected_sha256);

}  // namespace chokepoint::report
