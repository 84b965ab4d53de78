// Sobol' indices, the epistemic band and the exceedance curves across
// draws, from one Saltelli design.
//
// Row r of the design evaluates its D + 2 points (A_r, B_r and each AB_r^i)
// as one group on scenarios [r M, (r + 1) M): the points of a row share
// scenarios, so the noise of their differences is the paired one, and
// different rows use independent scenarios, so point noise is independent
// across rows, which is what the estimators' noise correction assumes
// (docs/UNCERTAINTY.md).
#include <cmath>

#include "uncertainty_methods.hh"

namespace chokepoint {

namespace {

double squared(double x) { return x * x; }

/// Squared standard error of the paired difference b - a (batch means).
double paired_noise(const PointStatistic& a, const PointStatistic& b) {
  std::vector<double> differences(a.batch_values.size());
  for (std::size_t k = 0; k < differences.size(); ++k) differences[k] = b.batch_values[k] - a.batch_values[k];
  return squared(batch_standard_error(differences));
}

}  // namespace

void run_sobol(const UncertaintyOptions& options, PointEvaluator& evaluator, UncertaintyResults& results) {
  const std::size_t d = results.factors.size();
  const std::size_t n = options.rows;
  const auto design = saltelli_design(n, d, options.seed);
  SaltelliEvaluations e;
  e.f_ab.assign(d, std::vector<double>(n));
  e.noise_a_ab.assign(d, std::vector<double>(n));
  e.noise_b_ab.assign(d, std::vector<double>(n));
  std::vector<double> draws;
  std::vector<ExceedanceCurve> curves;
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint64_t first = r * options.point.scenarios;
    FactorPoint a(d), b(d);
    for (std::size_t i = 0; i < d; ++i) {
      a[i] = design[r][i];
      b[i] = design[r][d + i];
    }
    std::vector<PointRequest> group = {{a, std::nullopt}, {b, std::nullopt}};
    for (std::size_t i = 0; i < d; ++i) {
      group.push_back({a, std::nullopt});
      group.back().point[i] = b[i];
    }
    const std::vector<PointStatistic> at = evaluator.evaluate(group, first, options.metric, options.statistic);
    const PointStatistic& fa = at[0];
    const PointStatistic& fb = at[1];
    e.f_a.push_back(fa.value);
    e.f_b.push_back(fb.value);
    e.noise_a.push_back(squared(batch_standard_error(fa.batch_values)));
    e.noise_b.push_back(squared(batch_standard_error(fb.batch_values)));
    draws.push_back(fa.value);
    draws.push_back(fb.value);
    curves.push_back(fa.exceedance);
    curves.push_back(fb.exceedance);
    for (std::size_t i = 0; i < d; ++i) {
      const PointStatistic& fab = at[2 + i];
      e.f_ab[i][r] = fab.value;
      e.noise_a_ab[i][r] = paired_noise(fa, fab);
      e.noise_b_ab[i][r] = paired_noise(fb, fab);
    }
  }
  const SobolIndices indices = sobol_indices(e, options.bootstrap_samples, options.seed);
  for (std::size_t i = 0; i < d; ++i) {
    results.factors[i].first_order = indices.first_order[i];
    results.factors[i].total = indices.total[i];
  }
  results.variance = indices.variance;
  results.noise_to_signal = indices.noise_to_signal;
  // The A and B points are 2N independent draws of the factors.
  results.epistemic = epistemic_band(std::move(draws));
  results.epistemic_exceedance = epistemic_exceedance(curves);
}

}  // namespace chokepoint
