// The spread of a statistic across factor draws: mean and type-7 quantiles.
#include <algorithm>
#include <stdexcept>

#include "sample_quantile.hh"
#include "sensitivity.hh"

namespace chokepoint {

EpistemicBand epistemic_band(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("epistemic_band: no values");
  std::sort(values.begin(), values.end());
  double sum = 0.0;
  for (const double v : values) sum += v;
  return {sum / static_cast<double>(values.size()), type7_quantile(values, 0.05), type7_quantile(values, 0.5),
          type7_quantile(values, 0.95)};
}

}  // namespace chokepoint
