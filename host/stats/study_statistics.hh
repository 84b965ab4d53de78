// A study's results, computed from its accumulator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "batch_statistics.hh"
#include "compiled_model.hh"
#include "confidence.hh"
#include "study_accumulator.hh"

namespace chokepoint {

/// Quantile levels reported for every output.
inline constexpr double kQuantileLevels[] = {0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999};
/// VaR/CVaR levels.
inline constexpr double kTailLevels[] = {0.95, 0.99};
/// Relative error bound of a value reported from a log-linear bin.
inline constexpr double kBinRelativeError = 1.0 / 256.0;

struct Estimate {
  double value = 0.0;
  bool exact = false;  // from the top-K or a whole-number histogram; else within kBinRelativeError
};

struct MetricStatistics {
  std::string name;
  MetricKind kind = MetricKind::value;
  std::uint64_t count = 0;  // scenarios
  double mean = 0.0;
  double sd = 0.0;
  double se = 0.0;  // standard error of the mean
  double min = 0.0;
  double max = 0.0;
  double p_positive = 0.0;
  std::vector<Estimate> quantiles;  // at kQuantileLevels
  std::vector<Estimate> var;        // at kTailLevels
  std::vector<Estimate> cvar;       // at kTailLevels
  std::vector<std::pair<double, double>> exceedance;  // (x, P(value > x))
  // 95% confidence intervals. With importance sampling, means, quantiles
  // and VaR take theirs from batch means too (weighted order statistics
  // have no distribution-free interval). An infinite bound is unknown
  // (kUnknownInterval: nothing is known).
  Interval mean_ci{NAN, NAN};         // mean +- 1.96 se; batch means with t(B - 1) when weighted
  std::vector<Interval> quantile_ci;  // order statistics, distribution-free; batch means when weighted
  std::vector<Interval> var_ci;       // the same, at kTailLevels
  // Batch means; none with fewer than two batches or too few scenarios per
  // batch beyond alpha (BatchStatistics::tail_trusted).
  std::vector<std::optional<Interval>> cvar_ci;
};

/// The weekly shortfall ratio of one sector, per week. Where fewer than 1%
/// of scenarios fall short in a week, every unconditional percentile below
/// is zero; the share short and the percentiles among the scenarios short
/// that week still show how often and how badly.
struct FanChart {
  std::string sector;
  std::vector<double> q50, q90, q99;  // over all scenarios
  std::vector<double> p_short;        // share of the probability mass with a ratio > 0
  std::vector<double> q50_short, q90_short, q99_short;  // among scenarios short that week; NaN where none is
};

struct TailAttribution {
  double alpha = 0.99;
  std::uint64_t scenarios = 0;  // how many scenarios the tail holds
  bool exact = true;            // false when top-K was smaller than the tail: the K worst are used
  std::vector<double> sector_mean_loss;  // per sector
  std::vector<double> event_lift;        // per event: mean starts in the tail / mean starts overall (NaN if never)
};

struct WorstScenario {
  std::uint64_t scenario = 0;
  double weight = 1.0;  // likelihood ratio under importance sampling
  double loss_total = 0.0;
  std::vector<double> sector_loss;
  std::vector<double> event_starts;
};

/// Importance sampling of a study (kernels/importance_weight.hh).
struct ImportanceSummary {
  std::vector<double> factors;         // per event
  double effective_sample_size = 0.0;  // (sum of weights)^2 / (sum of squared weights)
};

struct StudyStatistics {
  std::uint64_t scenarios = 0;
  std::optional<ImportanceSummary> importance;
  std::size_t top_k = 0;
  BatchStatistics batches;
  std::vector<MetricStatistics> metrics;
  std::vector<FanChart> fan_charts;
  TailAttribution tail;
  std::vector<WorstScenario> worst;
};

/// How many worst scenarios results list.
inline constexpr std::size_t kWorstListed = 20;

StudyStatistics compute_statistics(const StudyAccumulator& acc, const BatchStatistics& batches,
                                   const CompiledModel& model);

/// Smallest rank r (1-based) with r / n >= p: the rank of the p-quantile;
/// 0 when n is 0 (there is none).
std::uint64_t rank_at(double p, std::uint64_t n);

/// An output's top-K list from the largest down, with the units of mass of
/// each entry and of all entries up to it, so that ranks in units of mass
/// are found by binary search.
struct RankedTop {
  std::vector<TopK::Entry> entries;
  std::vector<std::uint64_t> mass_through;  // units of entries [0, i]
  /// The list's entries in rank order; with `ranked` below its size, only
  /// the `ranked` largest: enough for every statistic whose units all lie
  /// among them (the others would read the histogram, so they must not be
  /// asked for).
  explicit RankedTop(const TopK& top, std::size_t ranked = SIZE_MAX);
};

/// Ranks below count units of mass: `mass` is the output's total
/// (StudyAccumulator::units(), the scenario count without importance
/// sampling), rank 1 the smallest unit.

/// CVaR at alpha: the mean of the units of ranks rank_at(alpha, mass) to mass.
Estimate tail_mean(const MetricAccumulator& m, const RankedTop& top, MetricKind kind, std::uint64_t mass, double alpha);

/// The value at unit rank `rank` (1 = smallest) of one output.
Estimate order_statistic(const MetricAccumulator& m, const RankedTop& top, MetricKind kind, std::uint64_t mass,
                         std::uint64_t rank);

}  // namespace chokepoint
