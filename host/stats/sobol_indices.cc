// Jansen's Sobol' estimators with the Monte Carlo noise of each point
// subtracted, and percentile bootstrap intervals over the design's rows.
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "sample_quantile.hh"
#include "sensitivity.hh"

namespace chokepoint {

namespace {

/// The indices computed from a multiset of rows (all of them, or a
/// bootstrap resample).
struct JansenEstimates {
  std::vector<double> first_order, total;  // noise-corrected; NaN when the corrected variance is not positive
  std::vector<double> first_order_uncorrected, total_uncorrected;
  double variance = 0.0;  // corrected
  double variance_uncorrected = 0.0;
  double point_noise = 0.0;  // mean se^2 of one point's estimate
};

JansenEstimates jansen(const SaltelliEvaluations& e, const std::vector<std::size_t>& rows) {
  const auto n = static_cast<double>(rows.size());
  const std::size_t factors = e.f_ab.size();
  JansenEstimates out;
  // V from the 2N independent points of A and B together: the sample
  // variance of the observed values is the variance over the factors plus
  // the mean noise of a point, since rows use independent scenarios.
  double sum = 0.0, noise = 0.0;
  for (const std::size_t r : rows) {
    sum += e.f_a[r] + e.f_b[r];
    noise += e.noise_a[r] + e.noise_b[r];
  }
  const double mean = sum / (2.0 * n);
  double squares = 0.0;
  for (const std::size_t r : rows)
    squares += (e.f_a[r] - mean) * (e.f_a[r] - mean) + (e.f_b[r] - mean) * (e.f_b[r] - mean);
  out.variance_uncorrected = squares / (2.0 * n - 1.0);
  out.point_noise = noise / (2.0 * n);
  out.variance = out.variance_uncorrected - out.point_noise;
  const double corrected_variance = out.variance > 0.0 ? out.variance : NAN;

  for (std::size_t i = 0; i < factors; ++i) {
    // Half mean squared differences; the expected square of a difference of
    // two noisy estimates exceeds the true one by the variance of the
    // difference of their errors, which the engine measured (paired).
    double total_squares = 0.0, total_noise = 0.0, first_squares = 0.0, first_noise = 0.0;
    for (const std::size_t r : rows) {
      const double to_a = e.f_a[r] - e.f_ab[i][r];
      const double to_b = e.f_b[r] - e.f_ab[i][r];
      total_squares += to_a * to_a;
      total_noise += e.noise_a_ab[i][r];
      first_squares += to_b * to_b;
      first_noise += e.noise_b_ab[i][r];
    }
    const double total_half = total_squares / (2.0 * n);
    const double first_half = first_squares / (2.0 * n);
    out.total_uncorrected.push_back(total_half / out.variance_uncorrected);
    out.first_order_uncorrected.push_back((out.variance_uncorrected - first_half) / out.variance_uncorrected);
    out.total.push_back((total_half - total_noise / (2.0 * n)) / corrected_variance);
    out.first_order.push_back((corrected_variance - (first_half - first_noise / (2.0 * n))) / corrected_variance);
  }
  return out;
}

/// Uniform in [0, n), n >= 1, by rejection: exact on every machine (no
/// std::uniform_int_distribution, whose mapping is implementation-defined)
/// and without modulo bias. Words below 2^64 mod n are redrawn, leaving a
/// range whose size is a multiple of n.
std::size_t uniform_below(std::mt19937_64& words, std::size_t n) {
  const std::uint64_t bound = n;
  const std::uint64_t rejected = (0 - bound) % bound;
  std::uint64_t w = words();
  while (w < rejected) w = words();
  return static_cast<std::size_t>(w % bound);
}

/// The 2.5% and 97.5% type-7 quantiles of the replicates; nullopt when any
/// replicate is undefined (noise swamped the signal in that resample).
std::optional<Interval> percentile_interval(std::vector<double> replicates) {
  if (replicates.empty()) return std::nullopt;
  for (const double v : replicates) {
    if (!std::isfinite(v)) return std::nullopt;
  }
  std::sort(replicates.begin(), replicates.end());
  const double tail = (1.0 - kConfidence) / 2.0;
  return Interval{type7_quantile(replicates, tail), type7_quantile(replicates, 1.0 - tail)};
}

void check_sizes(const SaltelliEvaluations& e) {
  const std::size_t n = e.f_a.size();
  const std::size_t factors = e.f_ab.size();
  if (n < 2) throw std::invalid_argument("sobol_indices: at least 2 rows are needed, got " + std::to_string(n));
  if (factors == 0) throw std::invalid_argument("sobol_indices: no factors");
  const auto same_rows = [n](const std::vector<double>& v) { return v.size() == n; };
  if (!same_rows(e.f_b) || !same_rows(e.noise_a) || !same_rows(e.noise_b)) {
    throw std::invalid_argument("sobol_indices: f_b, noise_a and noise_b must have as many rows as f_a (" +
                                std::to_string(n) + ")");
  }
  if (e.noise_a_ab.size() != factors || e.noise_b_ab.size() != factors) {
    throw std::invalid_argument("sobol_indices: noise_a_ab and noise_b_ab must have as many factors as f_ab (" +
                                std::to_string(factors) + ")");
  }
  for (std::size_t i = 0; i < factors; ++i) {
    if (!same_rows(e.f_ab[i]) || !same_rows(e.noise_a_ab[i]) || !same_rows(e.noise_b_ab[i])) {
      throw std::invalid_argument("sobol_indices: factor " + std::to_string(i) + " must have " + std::to_string(n) +
                                  " rows in f_ab, noise_a_ab and noise_b_ab");
    }
  }
}

}  // namespace

SobolIndices sobol_indices(const SaltelliEvaluations& e, std::size_t bootstrap_samples, std::uint64_t seed) {
  check_sizes(e);
  const std::size_t n = e.f_a.size();
  const std::size_t factors = e.f_ab.size();
  std::vector<std::size_t> rows(n);
  for (std::size_t r = 0; r < n; ++r) rows[r] = r;
  const JansenEstimates all = jansen(e, rows);

  // Bootstrap: resample the rows with replacement, recompute the corrected
  // indices, keep the replicates per factor. Rows have independent
  // scenarios, but a quasi-random design's rows are not independent draws
  // of the factors: its error is smaller than the spread of the replicates,
  // so the intervals are conservative.
  std::vector<std::vector<double>> first_replicates(factors), total_replicates(factors);
  std::mt19937_64 words(seed);
  for (std::size_t b = 0; b < bootstrap_samples; ++b) {
    for (std::size_t& r : rows) r = uniform_below(words, n);
    const JansenEstimates replicate = jansen(e, rows);
    for (std::size_t i = 0; i < factors; ++i) {
      first_replicates[i].push_back(replicate.first_order[i]);
      total_replicates[i].push_back(replicate.total[i]);
    }
  }

  SobolIndices out;
  const bool defined = all.variance > 0.0;
  for (std::size_t i = 0; i < factors; ++i) {
    out.first_order.push_back({all.first_order[i], defined ? percentile_interval(first_replicates[i]) : std::nullopt});
    out.total.push_back({all.total[i], defined ? percentile_interval(total_replicates[i]) : std::nullopt});
  }
  out.first_order_uncorrected = all.first_order_uncorrected;
  out.total_uncorrected = all.total_uncorrected;
  out.variance = all.variance;
  out.noise_to_signal = all.point_noise / all.variance_uncorrected;
  return out;
}

}  // namespace chokepoint
