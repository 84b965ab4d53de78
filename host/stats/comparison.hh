// Policies and stress tests against the baseline: paired differences with
// confidence intervals, and cost-effectiveness.
//
// Every variant runs with the baseline's seed, scenario count and batches,
// so scenario s sees the same draws in both (common random numbers) and the
// batches pair up: the interval of a difference comes from the spread of the
// batch differences (batch means), far tighter than comparing two
// independent studies.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "confidence.hh"
#include "study_statistics.hh"

namespace chokepoint {

struct StudyVariant {
  std::string kind;  // "policy" or "stress_test"
  std::string id;
  std::string label;
  std::optional<double> annual_cost;
  std::string folder;  // relative to the comparison folder
  StudyStatistics stats;
};

struct Difference {
  double value = 0.0;  // variant minus baseline: negative is a reduction
  double se = NAN;     // batch-means standard error (means only)
  std::optional<Interval> ci;
};

struct MetricComparison {
  std::string metric;
  double baseline_mean = 0.0;
  double variant_mean = 0.0;
  double baseline_cvar99 = 0.0;
  double variant_cvar99 = 0.0;
  Difference mean;
  Difference cvar99;
};

struct CostEffectiveness {
  double expected_loss_reduction_per_cost = 0.0;  // over the horizon, per unit of cost over the horizon
  double cvar99_reduction_per_cost = 0.0;
  int rank = 0;        // by expected-loss reduction per cost, 1 = best
  int cvar99_rank = 0; // by CVaR 0.99 reduction per cost
};

struct VariantComparison {
  const StudyVariant* variant = nullptr;
  std::vector<MetricComparison> metrics;  // loss_total, then loss.SECTOR
  std::optional<CostEffectiveness> cost;
};

/// Compare each variant with the baseline (same study identity but the policy
/// or stress test). Losses are over `horizon_weeks`; annual costs are
/// converted to the horizon (cost * horizon_weeks / 52) before dividing.
std::vector<VariantComparison> compare_variants(const StudyStatistics& baseline, const std::vector<StudyVariant>& variants,
                                                std::int32_t horizon_weeks);

}  // namespace chokepoint
