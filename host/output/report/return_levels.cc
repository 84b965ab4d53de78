#include "return_levels.hh"

#include <fmt/format.h>

#include <cmath>

#include "confidence.hh"
#include "loss_distribution.hh"

namespace chokepoint::report {

namespace {

/// The order statistic of rank r (1-based) of n, read off the curve: the
/// value exceeded by the n - r values above it. NaN for the largest: a rank
/// clamped to n means the binomial bound lies beyond the scenarios.
double order_statistic(const MetricResult& m, std::uint64_t rank) {
  if (rank >= m.count) return kNotANumber;
  return value_at_exceedance(m.exceedance, static_cast<double>(m.count - rank) / static_cast<double>(m.count));
}

}  // namespace

bool ReturnLevel::resolved() const {
  return std::isfinite(value) && ci && std::isfinite(ci->lo) && std::isfinite(ci->hi);
}

ReturnLevel return_level(const MetricResult& m, double years, std::int64_t horizon_weeks, bool weighted) {
  ReturnLevel r;
  r.years = years;
  r.p_exceed = static_cast<double>(horizon_weeks) / 52.0 / years;
  const double level = 1.0 - r.p_exceed;
  const LevelEstimate* quantile = m.quantile_at(level);
  const LevelEstimate* var = m.var_at(level);
  if (quantile != nullptr || var != nullptr) {
    const LevelEstimate& own = quantile != nullptr ? *quantile : *var;
    r.value = own.value;
    r.ci = own.ci;
    r.pointer = quantile != nullptr ? fmt::format("{}/quantiles/{}", m.pointer, quantile - m.quantiles.data())
                                    : fmt::format("{}/var/{}", m.pointer, var - m.var.data());
    return r;
  }
  r.value = value_at_exceedance(m.exceedance, r.p_exceed);
  if (weighted || m.count == 0 || r.p_exceed >= 1.0) return r;
  const auto [lo_rank, hi_rank] = quantile_interval_ranks(m.count, level);
  r.ci = Interval{order_statistic(m, lo_rank), order_statistic(m, hi_rank)};
  return r;
}

}  // namespace chokepoint::report
