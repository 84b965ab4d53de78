// The baseline, policies and stress tests of one model on the same scenarios
// (common random numbers), compared: what `chokepoint compare` and the Python
// module's Model.compare run.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "comparison.hh"
#include "scenario_loader.hh"
#include "study_pipeline.hh"

namespace chokepoint {

/// The policies and stress tests a comparison runs besides the baseline.
struct ComparisonSelection {
  std::vector<std::string> policies;
  std::vector<std::string> stress_tests;
};

/// The ids named by `policies` and `stress` ("all", "none", "" or ids
/// separated by commas) among those of `loaded`; when both are empty, every
/// policy and every stress test. Throws InputError for an unknown id (with a
/// suggestion) or when nothing is selected.
ComparisonSelection select_comparison(const LoadedScenario& loaded, const std::string& policies, const std::string& stress);

/// Runs one study of the comparison: the baseline (both ids empty), a policy
/// or a stress test; `folder` is its folder name (baseline, policy-ID, stress-ID).
using ComparisonRun = std::function<StudyOutcome(const std::string& policy, const std::string& stress_test,
                                                 const std::string& folder)>;

/// The runs of a comparison and their paired differences. Not copyable:
/// `comparisons` point into `variants`.
struct ComparisonOutcome {
  StudyOutcome baseline;
  std::vector<StudyVariant> variants;
  std::vector<VariantComparison> comparisons;

  ComparisonOutcome() = default;
  ComparisonOutcome(const ComparisonOutcome&) = delete;
  ComparisonOutcome& operator=(const ComparisonOutcome&) = delete;
  ComparisonOutcome(ComparisonOutcome&&) = default;
  ComparisonOutcome& operator=(ComparisonOutcome&&) = default;
  ~ComparisonOutcome() = default;
};

/// Run the baseline, then each selected policy and stress test, with
/// `run_one`, and compare each with the baseline.
ComparisonOutcome run_comparison(const LoadedScenario& loaded, const ComparisonSelection& selection,
                                 const ComparisonRun& run_one);

}  // namespace chokepoint
