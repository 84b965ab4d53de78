// Views of an exceedance curve (docs/RESULTS.md) for charts and tables:
// a histogram on log-spaced bins, the curve as a log-log chart can draw
// it, and return periods.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace chokepoint::report {

using ExceedanceCurve = std::vector<std::pair<double, double>>;  // (x, P(value > x)), x ascending

struct HistogramBin {
  double lo = 0.0;
  double hi = 0.0;
  double probability = 0.0;  // P(lo < value <= hi)
};

/// The probability between consecutive edges of the curve above its first
/// positive edge, from the first bin with mass to the last, with runs of
/// neighbouring bins merged (1, 2, 4, ... at a time) so that at most
/// `max_bins` remain. The curve's edges are log-spaced (eight per doubling),
/// so the bins are too. Empty when no value is above the first edge.
std::vector<HistogramBin> loss_histogram(const ExceedanceCurve& curve, std::size_t max_bins);

/// The points a log-log chart can show (x > 0, P > 0), starting at the last
/// point before P first falls, so the flat start of the curve is one point.
ExceedanceCurve drawable_exceedance(const ExceedanceCurve& curve);

/// Years between exceedances: (horizon in years) / P.
double return_period_years(double p_exceed, std::int64_t horizon_weeks);

/// The value exceeded with probability `p`, interpolated log-linearly
/// between the curve's points; 0 when P(value > 0) <= p; NaN when p <= 0
/// or p is below what the curve resolves (its smallest positive P).
double value_at_exceedance(const ExceedanceCurve& curve, double p);

}  // namespace chokepoint::report
