// Estimators for uncertain assumptions (docs/UNCERTAINTY.md, "Estimators"):
// the Saltelli design, noise-corrected Sobol' indices with bootstrap
// intervals, the epistemic band and policy robustness over factor draws.
//
// These functions see only numbers: the engine evaluates the model at the
// points and hands the estimates and their squared standard errors here.
// Every result is a pure function of its arguments and seed, so it is
// byte-identical on every machine (no std::*_distribution anywhere).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "confidence.hh"  // Interval = std::pair<double,double>

namespace chokepoint {

/// A value and its 95% interval (nullopt where none can be computed).
/// Not named `Estimate`: study_statistics.hh has that name for binned values.
struct IntervalEstimate {
  double value = 0.0;
  std::optional<Interval> ci;
};

/// Largest number of factors a design supports (128 Sobol' dimensions).
inline constexpr std::size_t kMaxFactors = 64;

/// Saltelli design: `rows` rows of 2*factors quantiles in (0,1); columns
/// [0, factors) are matrix A, [factors, 2*factors) matrix B. Deterministic in seed.
/// The points are those of Boost's Sobol' sequence (Joe-Kuo direction
/// numbers) in 2*factors dimensions, digitally shifted by a seeded XOR per
/// dimension; powers of two for `rows` balance the design best.
/// Throws std::invalid_argument for 0 rows, 0 factors or more than kMaxFactors.
std::vector<std::vector<double>> saltelli_design(std::size_t rows, std::size_t factors, std::uint64_t seed);

/// What the engine measured at the points of a Saltelli design. Row r has
/// f(A_r), f(B_r) and f(AB_r^i) (A_r with column i taken from B_r), i < D.
/// Each value is a Monte Carlo estimate; the noise_* fields are the squared
/// standard errors of those estimates (noise), the paired ones for the
/// differences of points of one row (the points of a row share scenarios,
/// common random numbers; different rows use independent scenarios).
struct SaltelliEvaluations {
  std::vector<double> f_a, f_b;                 // [row]
  std::vector<std::vector<double>> f_ab;        // [factor][row]
  std::vector<double> noise_a, noise_b;         // [row]  se^2 of f_a, f_b
  std::vector<std::vector<double>> noise_a_ab;  // [factor][row] se^2 of f_a - f_ab
  std::vector<std::vector<double>> noise_b_ab;  // [factor][row] se^2 of f_b - f_ab
};

struct SobolIndices {
  std::vector<IntervalEstimate> first_order, total;  // [factor], noise-corrected, bootstrap 95% CIs
  std::vector<double> first_order_uncorrected, total_uncorrected;
  double variance = 0.0;         // of the statistic across factor draws, corrected
  double noise_to_signal = 0.0;  // mean point noise / uncorrected variance (NaN if the values never vary)
};

/// Jansen's estimators (Saltelli et al. 2010) with the point noise
/// subtracted, and percentile 95% intervals from `bootstrap_samples`
/// resamplings of the rows (no intervals with 0 samples). Where the
/// corrected variance is not positive (noise swamps the signal) the indices
/// are NaN and have no interval. Throws std::invalid_argument for fewer than
/// two rows or fields of mismatched sizes.
SobolIndices sobol_indices(const SaltelliEvaluations& e, std::size_t bootstrap_samples, std::uint64_t seed);

/// P5/P50/P95 and mean of a statistic across factor draws (the epistemic band).
/// Quantiles are of Hyndman-Fan type 7 (linear between order statistics).
/// Throws std::invalid_argument for no values.
struct EpistemicBand {
  double mean = 0.0, p5 = 0.0, p50 = 0.0, p95 = 0.0;
};
EpistemicBand epistemic_band(std::vector<double> values);

/// One point's exceedance curve, (x, P(value > x)) with x ascending, as
/// StudyStatistics gives it: the log-bin edges (eight per octave) and x = 0
/// for amounts, every integer for whole counts, edges below the minimum left
/// out and the curve ending where the probability reaches 0.
using ExceedanceCurve = std::vector<std::pair<double, double>>;

/// The exceedance curves at P5, P50 and P95 across factor draws: at every x
/// of the shared grid (the union of the curves' x), the type-7 quantiles of
/// the draws' P(value > x). A curve is read as a step function: at x, the
/// probability of its last point at or before x (1 before its first point,
/// where no value lies below), which is exact at every grid x because all
/// curves of one output sit on the same fixed bin edges.
struct EpistemicExceedance {
  std::vector<double> x, p5, p50, p95;
};
/// Throws std::invalid_argument for no curves.
EpistemicExceedance epistemic_exceedance(const std::vector<ExceedanceCurve>& curves);

/// Policy robustness over J factor draws. draws[j][c] is candidate c at draw j;
/// candidate 0 is "do nothing" (net benefit 0, batch values 0). net_benefit =
/// expected-loss reduction minus cost over the horizon; batch_net_benefit are
/// its batch means (same batches for every candidate at a draw: paired).
/// Every candidate at every draw has the same number of batch values.
struct CandidateAtDraw {
  double net_benefit = 0.0;
  std::vector<double> batch_net_benefit;
};
struct CandidateRobustness {
  IntervalEstimate p_best;  // share of draws where it is best (ties: lowest index), Wilson 95% interval
  double mean_regret = 0.0, p90_regret = 0.0, mean_net_benefit = 0.0;
};
struct RobustnessSummary {
  std::vector<CandidateRobustness> candidates;  // [candidate], 0 = do nothing
  /// Mean over draws of the best net benefit minus the best mean net benefit.
  double evpi = 0.0;
  /// Share of draws whose two best candidates are not separated by their
  /// paired 95% interval (or have fewer than two batches: no interval).
  double unresolved_share = 0.0;
};
/// Throws std::invalid_argument for no draws, draws with different numbers
/// of candidates, or candidates of one draw with different numbers of batches.
RobustnessSummary policy_robustness(const std::vector<std::vector<CandidateAtDraw>>& draws);

}  // namespace chokepoint
