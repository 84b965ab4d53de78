// Exceedance curves across factor draws: at each x of a shared grid, the
// P5, P50 and P95 of the draws' exceedance probabilities.
#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "sample_quantile.hh"
#include "sensitivity.hh"

namespace chokepoint {

namespace {

/// P(value > x) of a step curve: its last point at or before x; 1 before
/// the first point.
double probability_at(const ExceedanceCurve& curve, double x) {
  const auto after = std::upper_bound(curve.begin(), curve.end(), x,
                                      [](double v, const std::pair<double, double>& point) { return v < point.first; });
  return after == curve.begin() ? 1.0 : std::prev(after)->second;
}

}  // namespace

EpistemicExceedance epistemic_exceedance(const std::vector<ExceedanceCurve>& curves) {
  if (curves.empty()) throw std::invalid_argument("epistemic_exceedance: no curves");
  EpistemicExceedance band;
  for (const ExceedanceCurve& curve : curves) {
    for (const auto& point : curve) band.x.push_back(point.first);
  }
  std::sort(band.x.begin(), band.x.end());
  band.x.erase(std::unique(band.x.begin(), band.x.end()), band.x.end());
  std::vector<double> at_x(curves.size());
  for (const double x : band.x) {
    for (std::size_t j = 0; j < curves.size(); ++j) at_x[j] = probability_at(curves[j], x);
    std::sort(at_x.begin(), at_x.end());
    band.p5.push_back(type7_quantile(at_x, 0.05));
    band.p50.push_back(type7_quantile(at_x, 0.5));
    band.p95.push_back(type7_quantile(at_x, 0.95));
  }
  return band;
}

}  // namespace chokepoint
