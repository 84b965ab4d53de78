// Tornado: each factor at its low and at its high end with the others at
// base, every point on scenarios [0, M) so that the differences are paired
// (one group of 2D + 1 points).
#include <algorithm>

#include "uncertainty_methods.hh"

namespace chokepoint {

void run_tornado(const UncertaintyOptions& options, PointEvaluator& evaluator, UncertaintyResults& results) {
  const std::size_t d = results.factors.size();
  // One group: the base, then each factor's low and high end.
  std::vector<PointRequest> group(1, PointRequest{FactorPoint(d), std::nullopt});
  for (std::size_t i = 0; i < d; ++i) {
    for (const double quantile : {options.low_quantile, options.high_quantile}) {
      group.push_back({FactorPoint(d), std::nullopt});
      group.back().point[i] = quantile;
    }
  }
  const std::vector<PointStatistic> at = evaluator.evaluate(group, 0, options.metric, options.statistic);
  const PointStatistic& base = at[0];
  results.base = IntervalEstimate{base.value, batch_interval(base.value, base.batch_values)};
  const auto end_at = [&](std::size_t k, double quantile) {
    const double difference = at[k].value - base.value;
    return TornadoEnd{quantile, at[k].value, difference,
                      paired_batch_interval(difference, base.batch_values, at[k].batch_values)};
  };
  for (std::size_t i = 0; i < d; ++i) {
    results.factors[i].low = end_at(1 + 2 * i, options.low_quantile);
    results.factors[i].high = end_at(2 + 2 * i, options.high_quantile);
  }
  // Widest bar first (a bar spans the base and both ends); equal widths keep file order.
  const auto width = [](const FactorResult& f) {
    return std::max({0.0, f.low->difference, f.high->difference}) - std::min({0.0, f.low->difference, f.high->difference});
  };
  std::stable_sort(results.factors.begin(), results.factors.end(),
                   [&](const FactorResult& a, const FactorResult& b) { return width(a) > width(b); });
}

}  // namespace chokepoint
