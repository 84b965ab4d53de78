#include "loss_distribution.hh"

#include <cmath>
#include <limits>

namespace chokepoint::report {

std::vector<HistogramBin> loss_histogram(const ExceedanceCurve& curve, std::size_t max_bins) {
  // Bin i is (x_i, x_{i+1}]; bin 0, (0, x_1], cannot be drawn on a log axis
  // and holds values below 2^-40 at most.
  std::size_t first = 0;
  std::size_t last = 0;
  bool any = false;
  for (std::size_t i = 1; i + 1 < curve.size(); ++i) {
    if (curve[i].second - curve[i + 1].second > 0.0) {
      if (!any) first = i;
      last = i;
      any = true;
    }
  }
  if (!any || max_bins == 0) return {};
  std::size_t group = 1;
  while ((last - first) / group + 1 > max_bins) group *= 2;
  std::vector<HistogramBin> bins;
  for (std::size_t i = first; i <= last; i += group) {
    const std::size_t end = std::min(i + group, curve.size() - 1);
    bins.push_back(HistogramBin{curve[i].first, curve[end].first, curve[i].second - curve[end].second});
  }
  return bins;
}

ExceedanceCurve drawable_exceedance(const ExceedanceCurve& curve) {
  ExceedanceCurve out;
  for (std::size_t i = 0; i < curve.size(); ++i) {
    const auto [x, p] = curve[i];
    if (!(x > 0.0) || !(p > 0.0)) continue;
    const bool flat_before_next = i + 1 < curve.size() && curve[i + 1].second == p;
    if (out.empty() && flat_before_next) continue;  // keep only the last point of the flat start
    out.emplace_back(x, p);
  }
  return out;
}

double return_period_years(double p_exceed, std::int64_t horizon_weeks) {
  return static_cast<double>(horizon_weeks) / 52.0 / p_exceed;
}

double value_at_exceedance(const ExceedanceCurve& curve, double p) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (!(p > 0.0) || curve.empty()) return nan;
  if (curve.front().second <= p) return 0.0;
  for (std::size_t i = 0; i + 1 < curve.size(); ++i) {
    const auto [x0, p0] = curve[i];
    const auto [x1, p1] = curve[i + 1];
    if (!(p0 > p && p >= p1)) continue;
    if (p1 == 0.0) return nan;  // beyond the largest value seen: not resolved
    const double t = (p0 - p) / (p0 - p1);
    if (x0 <= 0.0) return x1 * t;
    return x0 * std::pow(x1 / x0, t);
  }
  return nan;
}

}  // namespace chokepoint::report
