// Policies and stress tests against the baseline: read from a compare
// folder's comparison.json, or derived from separate results folders.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario.hh"
#include "study_results.hh"

namespace chokepoint::report {

/// One metric of a variant against the baseline; difference = variant - baseline.
struct MetricDifference {
  std::string metric;   // "loss_total" or "loss.SECTOR"
  std::string pointer;  // JSON pointer in comparison.json; "" when derived
  double baseline_mean = kNotANumber;
  double baseline_cvar99 = kNotANumber;
  double variant_mean = kNotANumber;
  double variant_cvar99 = kNotANumber;
  double mean_difference = kNotANumber;
  double mean_difference_se = kNotANumber;
  std::optional<Interval> mean_difference_ci;
  double cvar99_difference = kNotANumber;
  std::optional<Interval> cvar99_difference_ci;
};

struct CostEffectiveness {
  double expected_loss_reduction_per_cost = kNotANumber;
  double cvar99_reduction_per_cost = kNotANumber;
  std::uint64_t rank = 0;  // 1 = most expected-loss reduction per unit of cost
};

struct VariantComparison {
  std::string kind;  // "policy" or "stress_test"
  std::string id;
  std::string label;
  std::optional<double> annual_cost;
  std::string folder;
  std::vector<MetricDifference> differences;
  std::optional<CostEffectiveness> cost_effectiveness;

  [[nodiscard]] const MetricDifference* difference(std::string_view metric) const;
};

struct ComparisonResults : StudyHeading {
  std::string folder;  // the compare folder; "" when derived
  /// True when the differences come from one paired run (common random
  /// numbers, `chokepoint compare`); false when derived from separate
  /// folders, whose CIs treat the runs as independent and are wider.
  bool paired = true;
  double confidence = 0.95;
  std::vector<VariantComparison> variants;
};

/// Read `folder`/comparison.json (format chokepoint-comparison/1).
ComparisonResults read_comparison(const std::string& folder);

/// Differences of each variant to `baseline` from their own results, for
/// folders run separately. `model` (the scenario file, when available)
/// supplies labels and annual costs; without it there is no cost ranking.
ComparisonResults derive_comparison(const StudyResults& baseline, const std::vector<const StudyResults*>& variants,
                                    const Scenario* model);

/// z of a two-sided normal interval at `confidence` (0.95 -> 1.959964).
double normal_interval_z(double confidence);

}  // namespace chokepoint::report
