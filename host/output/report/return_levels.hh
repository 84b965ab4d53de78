// Return levels of a loss with their confidence intervals: the loss exceeded
// once in so many years on average, for the summary and the return-level
// table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "study_results.hh"

namespace chokepoint::report {

struct ReturnLevel {
  double years = 0.0;     // the return period
  double p_exceed = 0.0;  // P(loss > value) over the horizon: horizon in years / years
  double value = kNotANumber;
  std::optional<Interval> ci;  // nullopt when the scenarios cannot bound it
  /// JSON pointer of the results' own quantile at 1 - p_exceed when they
  /// have one ("" when the value is read off the exceedance curve).
  std::string pointer;

  /// A value and both ends of its interval are finite: the scenarios
  /// resolve this return level.
  [[nodiscard]] bool resolved() const;
};

/// The loss of `m` exceeded once in `years` over a `horizon_weeks` horizon.
/// Where the results carry a quantile (or VaR) at 1 - p, its value and
/// interval are used as they are. Otherwise the value is read off the
/// exceedance curve (log-linear between edges) and its interval is the
/// results' own distribution-free one: the order statistics of the
/// binomial ranks that bound the quantile (docs/RESULTS.md), also read off
/// the curve. Weighted (importance-sampled) studies have no such interval.
ReturnLevel return_level(const MetricResult& m, double years, std::int64_t horizon_weeks, bool weighted);

}  // namespace chokepoint::report
