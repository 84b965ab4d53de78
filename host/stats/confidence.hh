// 95% confidence intervals: normal for means, distribution-free order
// statistics for quantiles, batch means for CVaR, paired differences and
// everything under importance sampling. A bound that cannot be known from
// the sample is infinite (written as null).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace chokepoint {

inline constexpr double kConfidence = 0.95;

using Interval = std::pair<double, double>;

/// An interval of which neither bound is known.
inline constexpr Interval kUnknownInterval{-HUGE_VAL, HUGE_VAL};

/// mean +- z se, z the standard normal quantile at 0.975.
Interval normal_interval(double mean, double se);

/// Ranks (1-based) of the order statistics that bound the p-quantile with at
/// least 95% probability: the 0.025 and 0.975 quantiles of Binomial(n, p),
/// the number of values below the true quantile. A rank outside [1, n] (0
/// below, n + 1 above) means the sample is too small to bound that side:
/// the bound is then -inf or +inf, never the sample's extreme, which would
/// cover less than 95% of the time.
/// Beyond kExactRanksLimit values (more than a study has, but a merge of
/// forged parts could claim it) the ranks come from the normal
/// approximation to the binomial.
inline constexpr std::uint64_t kExactRanksLimit = std::uint64_t{1} << 50;
std::pair<std::uint64_t, std::uint64_t> quantile_interval_ranks(std::uint64_t n, double p);

/// Wilson score interval of a proportion: `successes` of `n` trials, n >= 1.
/// Unlike p +- z se it stays within [0, 1] and has sensible width at 0 or n.
Interval wilson_interval(std::uint64_t successes, std::uint64_t n);

/// Standard error of the mean of batch values: sd / sqrt(B); NaN with
/// fewer than two.
double batch_standard_error(const std::vector<double>& values);

/// Batch-means interval around `center`: center +- t_{0.975, B-1} sd / sqrt(B)
/// over the B batch values; nullopt with fewer than two batches or a
/// non-finite batch value.
std::optional<Interval> batch_interval(double center, const std::vector<double>& batch_values);

/// Sectioning interval (Nakayama 2014, "Confidence intervals using sectioning
/// for quantiles when applying variance-reduction techniques", ACM TOMACS
/// 24(4)): center +- t_{0.975, B-1} S / sqrt(B) with
/// S^2 = sum (value - center)^2 / (B - 1), the spread of the batch values
/// around the whole study's estimate `center` rather than around their own
/// mean. For an estimator whose batch values are biased at order 1/(batch
/// size), as a weighted (importance-sampled) quantile is, the batch-means
/// interval centred on `center` is too narrow by that bias; here the bias
/// widens the interval instead. nullopt as batch_interval.
std::optional<Interval> sectioning_interval(double center, const std::vector<double>& batch_values);

/// The same for paired differences: batch values b[i] - a[i].
std::optional<Interval> paired_batch_interval(double center, const std::vector<double>& a, const std::vector<double>& b);

}  // namespace chokepoint
