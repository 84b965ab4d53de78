// Tornado: each factor at its low and at its high end with the others at
// base, every point on scenarios [0, M) so that the differences are paired.
#include <algorithm>

#include "uncertainty_methods.hh"

namespace chokepoint {

void run_tornado(const UncertaintyOptions& options, PointEvaluator& evaluator, UncertaintyResults& results) {
  const std::size_t d = results.factors.size();
  const FactorPoint base_point(d);
  const PointStatistic base = evaluator.evaluate(base_point, std::nullopt, 0, options.metric, options.statistic);
  results.base = IntervalEstimate{base.value, batch_interval(base.value, base.batch_values)};
  const auto end_at = [&](std::size_t i, double quantile) {
    FactorPoint point = base_point;
    point[i] = quantile;
    const PointStatistic at = evaluator.evaluate(point, std::nullopt, 0, options.metric, options.statistic);
    const double difference = at.value - base.value;
    return TornadoEnd{quantile, at.value, difference, paired_batch_interval(difference, base.batch_values, at.batch_values)};
  };
  for (std::size_t i = 0; i < d; ++i) {
    results.factors[i].low = end_at(i, options.low_quantile);
    results.factors[i].high = end_at(i, options.high_quantile);
  }
  // Widest bar first (a bar spans the base and both ends); equal widths keep file order.
  const auto width = [](const FactorResult& f) {
    return std::max({0.0, f.low->difference, f.high->difference}) - std::min({0.0, f.low->difference, f.high->difference});
  };
  std::stable_sort(results.factors.begin(), results.factors.end(),
                   [&](const FactorResult& a, const FactorResult& b) { return width(a) > width(b); });
}

}  // namespace chokepoint
