#include "importance.hh"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "diagnostics.hh"
#include "importance_weight.hh"
#include "suggest.hh"

namespace chokepoint {

namespace {

/// Largest weekly hazard of each event over the regimes.
std::vector<double> peak_hazards(const CompiledModel& model) {
  const auto regimes = static_cast<std::size_t>(model.sizes().n_regimes);
  const std::vector<double>& hazard = model.model_hazards();
  std::vector<double> peak(hazard.size() / regimes, 0.0);
  for (std::size_t at = 0; at < hazard.size(); ++at) peak[at / regimes] = std::max(peak[at / regimes], hazard[at]);
  return peak;
}

/// Expected starts of each event over the horizon if it were always idle:
/// its hazard summed over the weeks, weighted by the probability of each
/// regime in that week (the regime chain from the initial regime; regime
/// shifts caused by events are left out).
std::vector<double> expected_starts(const CompiledModel& model) {
  const ModelView v = model.view();
  const auto regimes = static_cast<std::size_t>(v.n_regimes);
  const std::vector<double>& hazard = model.model_hazards();
  std::vector<double> occupancy(regimes, 0.0);
  occupancy[static_cast<std::size_t>(v.initial_regime)] = 1.0;
  std::vector<double> starts(hazard.size() / regimes, 0.0);
  for (std::int32_t t = 0; t < v.n_weeks; ++t) {
    if (t > 0) {
      std::vector<double> next(regimes, 0.0);
      for (std::size_t r = 0; r < regimes; ++r) {
        double below = 0.0;
        for (std::size_t k = 0; k < regimes; ++k) {
          const double cdf = v.transition_cdf[r * regimes + k];
          next[k] += occupancy[r] * (cdf - below);
          below = cdf;
        }
      }
      occupancy = std::move(next);
    }
    for (std::size_t at = 0; at < hazard.size(); ++at) starts[at / regimes] += occupancy[at % regimes] * hazard[at];
  }
  return starts;
}

std::vector<double> auto_factors(const CompiledModel& model) {
  const std::vector<double> expected = expected_starts(model);
  std::vector<double> factors(expected.size(), 1.0);
  for (std::size_t e = 0; e < expected.size(); ++e) {
    // The margin keeps an event at exactly the target (0.2 a year over 52
    // weeks sums to a hair below 0.2) as it is.
    if (expected[e] > 0.0 && expected[e] < kAutoTargetStarts * (1.0 - 1e-9)) {
      factors[e] = std::min(kAutoMaxFactor, kAutoTargetStarts / expected[e]);
    }
  }
  const double largest = largest_log_weight(factors, model);
  if (largest > kAutoMaxLogWeight) {
    const double scale = kAutoMaxLogWeight / largest;
    for (double& f : factors) f = 1.0 + (f - 1.0) * scale;
  }
  return factors;
}

std::vector<double> listed_factors(const std::string& spec, const Scenario& s) {
  const std::vector<std::string> ids = s.event_ids();
  std::vector<double> factors(ids.size(), 1.0);
  std::vector<bool> seen(ids.size(), false);
  std::string_view rest = spec;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const std::size_t equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      throw InputError(fmt::format("--importance: expected auto or EVENT=FACTOR,..., got \"{}\"", item));
    }
    const std::string id(item.substr(0, equals));
    const std::string_view number = item.substr(equals + 1);
    const auto at = std::find(ids.begin(), ids.end(), id);
    if (at == ids.end()) throw InputError(with_suggestion(fmt::format("--importance: unknown event \"{}\"", id), id, ids));
    double factor = 0.0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), factor);
    if (error != std::errc{} || end != number.data() + number.size() || !std::isfinite(factor)) {
      throw InputError(fmt::format("--importance: the factor of \"{}\" must be a number, got \"{}\"", id, number));
    }
    if (factor < 1.0) {
      throw InputError(fmt::format("--importance: the factor of \"{}\" must be >= 1 (sampling raises rates), got {}", id,
                                   number));
    }
    const auto e = static_cast<std::size_t>(at - ids.begin());
    if (seen[e]) throw InputError(fmt::format("--importance: event \"{}\" is listed twice", id));
    seen[e] = true;
    factors[e] = factor;
  }
  return factors;
}

}  // namespace

double largest_log_weight(const std::vector<double>& factors, const CompiledModel& model) {
  const std::vector<double> peak = peak_hazards(model);
  double total = 0.0;
  for (std::size_t e = 0; e < factors.size(); ++e) total += (factors[e] - 1.0) * peak[e] * model.weeks();
  return total;
}

std::vector<double> importance_factors(const std::string& spec, const Scenario& s, const CompiledModel& model) {
  if (spec.empty()) return {};
  std::vector<double> factors = spec == "auto" ? auto_factors(model) : listed_factors(spec, s);
  const double largest = largest_log_weight(factors, model);
  if (largest > std::log(kMaxWeight)) {
    throw InputError(fmt::format(
        "--importance: these factors let a scenario's weight reach e^{:.1f}, above the limit of {} (e^{:.1f}): "
        "lower the factors of the more frequent events",
        largest, kMaxWeight, std::log(kMaxWeight)));
  }
  return factors;
}

}  // namespace chokepoint
