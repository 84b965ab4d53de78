#include "confidence.hh"

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>

namespace chokepoint {

namespace {

const double kTail = (1.0 - kConfidence) / 2.0;

double z_quantile() {
  static const double z = boost::math::quantile(boost::math::normal_distribution<double>(), 1.0 - kTail);
  return z;
}

/// t_{0.975, B-1} sd / sqrt(B), sd = sqrt(squares / (B - 1)): the half-width
/// of an interval over B batch values whose squared deviations sum to `squares`.
double t_half_width(double squares, std::size_t b) {
  const boost::math::students_t_distribution<double> t(static_cast<double>(b - 1));
  const double sd = std::sqrt(squares / static_cast<double>(b - 1));
  return boost::math::quantile(t, 1.0 - kTail) * sd / std::sqrt(static_cast<double>(b));
}

/// Whether there are two values or more, all finite.
bool usable(const std::vector<double>& values) {
  return values.size() >= 2 && std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

/// Sum of (value - around)^2.
double squared_deviations(const std::vector<double>& values, double around) {
  double squares = 0.0;
  for (const double v : values) squares += (v - around) * (v - around);
  return squares;
}

}  // namespace

Interval normal_interval(double mean, double se) {
  const double half = z_quantile() * se;
  return {mean - half, mean + half};
}

std::pair<std::uint64_t, std::uint64_t> quantile_interval_ranks(std::uint64_t n, double p) {
  if (n == 0) return {0, 1};
  if (n > kExactRanksLimit) {
    // Past 2^53 Boost's binomial quantile search is erratic: at some levels
    // it throws (its bracket collapses), at others it does not end. At such n
    // the normal approximation agrees with the exact ranks to 10^-5 of the
    // half-width (confidence_test.cc).
    const double mean = static_cast<double>(n) * p;
    const double half = z_quantile() * std::sqrt(mean * (1.0 - p));
    const double lower = std::max(0.0, std::floor(mean - half));
    const double upper = std::ceil(mean + half) + 1.0;
    const auto n_plus_one = static_cast<double>(n) + 1.0;
    return {static_cast<std::uint64_t>(lower), upper >= n_plus_one ? n + 1 : static_cast<std::uint64_t>(upper)};
  }
  // Binomial quantiles rounded outwards, so the coverage is at least 95%.
  using Policy = boost::math::policies::policy<
      boost::math::policies::discrete_quantile<boost::math::policies::integer_round_outwards>>;
  const boost::math::binomial_distribution<double, Policy> below(static_cast<double>(n), p);
  const auto lower = static_cast<std::uint64_t>(boost::math::quantile(below, kTail));
  const auto upper = static_cast<std::uint64_t>(boost::math::quantile(below, 1.0 - kTail)) + 1;
  return {lower, std::min(upper, n + 1)};
}

Interval wilson_interval(std::uint64_t successes, std::uint64_t n) {
  const double z = z_quantile();
  const double trials = static_cast<double>(n);
  const double p = static_cast<double>(successes) / trials;
  const double shrink = 1.0 + z * z / trials;
  const double center = (p + z * z / (2.0 * trials)) / shrink;
  const double half = z / shrink * std::sqrt(p * (1.0 - p) / trials + z * z / (4.0 * trials * trials));
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double batch_standard_error(const std::vector<double>& values) {
  const std::size_t b = values.size();
  if (b < 2) return NAN;
  double mean = 0.0;
  for (const double v : values) mean += v;
  mean /= static_cast<double>(b);
  return std::sqrt(squared_deviations(values, mean) / static_cast<double>(b - 1) / static_cast<double>(b));
}

std::optional<Interval> batch_interval(double center, const std::vector<double>& values) {
  if (!usable(values)) return std::nullopt;
  double sum = 0.0;
  for (const double v : values) sum += v;
  const double half = t_half_width(squared_deviations(values, sum / static_cast<double>(values.size())), values.size());
  return Interval{center - half, center + half};
}

std::optional<Interval> sectioning_interval(double center, const std::vector<double>& values) {
  if (!usable(values) || !std::isfinite(center)) return std::nullopt;
  const double half = t_half_width(squared_deviations(values, center), values.size());
  return Interval{center - half, center + half};
}

std::optional<Interval> paired_batch_interval(double center, const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return std::nullopt;
  std::vector<double> differences(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) differences[i] = b[i] - a[i];
  return batch_interval(center, differences);
}

}  // namespace chokepoint
