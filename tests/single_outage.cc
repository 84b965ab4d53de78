#include "single_outage.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace chokepoint::test {

std::string single_outage_model(double rate, int d, int weeks, double base, double volatility) {
  return fmt::format(R"({{"format": "chokepoint/1", "name": "single", "horizon_weeks": {},
    "nodes": [{{"id": "n", "sector": "s", "capacity": 100, "unit_value": 1,
               "final_demand": {{"base": {}, "volatility": {}}}}}],
    "events": [{{"id": "outage", "annual_rate": {}, "duration_weeks": {},
                "effects": [{{"node": "n", "capacity_loss": 1}}]}}]}})",
                     weeks, base, volatility, rate, d);
}

std::vector<double> weeks_short_distribution(double rate, int d, int weeks) {
  const double p = 1.0 - std::exp(-rate / 52.0);
  // prob[k][w]: remaining active weeks k after this week, w active weeks so far.
  std::vector<std::vector<double>> prob(static_cast<std::size_t>(d), std::vector<double>(static_cast<std::size_t>(weeks) + 1, 0.0));
  prob[0][0] = 1.0;
  for (int t = 0; t < weeks; ++t) {
    std::vector<std::vector<double>> next(prob.size(), std::vector<double>(prob[0].size(), 0.0));
    for (int k = 0; k < d; ++k) {
      for (int w = 0; w < weeks; ++w) {
        const double q = prob[static_cast<std::size_t>(k)][static_cast<std::size_t>(w)];
        if (q == 0.0) continue;
        if (k > 0) {  // active this week
          next[static_cast<std::size_t>(k - 1)][static_cast<std::size_t>(w + 1)] += q;
        } else {  // idle: starts with probability p, then active d weeks including this one
          next[static_cast<std::size_t>(d - 1)][static_cast<std::size_t>(w + 1)] += q * p;
          next[0][static_cast<std::size_t>(w)] += q * (1.0 - p);
        }
      }
    }
    prob = std::move(next);
  }
  std::vector<double> dist(static_cast<std::size_t>(weeks) + 1, 0.0);
  for (const auto& row : prob) {
    for (std::size_t w = 0; w < row.size(); ++w) dist[w] += row[w];
  }
  return dist;
}

double upper_tail_mean(const std::vector<double>& dist, double alpha) {
  double need = 1.0 - alpha;
  double sum = 0.0;
  for (std::size_t w = dist.size(); w-- > 0 && need > 0.0;) {
    const double take = std::min(dist[w], need);
    sum += take * static_cast<double>(w);
    need -= take;
  }
  return sum / (1.0 - alpha);
}

}  // namespace chokepoint::test
