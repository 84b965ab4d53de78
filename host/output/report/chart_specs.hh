// The data of each chart of a report, as JSON for the report's script
// (host/report/report.js draws a chart from its "type" and fields).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "comparison_results.hh"
#include "study_results.hh"
#include "worst_timelines.hh"

namespace chokepoint::report {

/// Histogram of a metric's positive values on log-spaced bins ("bins" is
/// empty when no value is positive).
boost::json::object histogram_chart(const MetricResult& m);

/// Exceedance curves P(value > x) of one metric in several studies, with
/// return periods over `horizon_weeks`.
boost::json::object exceedance_chart(const std::vector<std::pair<std::string, const MetricResult*>>& series,
                                     const std::string& unit, std::int64_t horizon_weeks);

/// Median, 90% and 99% bands of a sector's weekly shortfall ratio.
boost::json::object fan_chart(const FanChartResult& f);

/// Horizontal bars; `format` is "percent" or "amount".
boost::json::object bar_chart(const NamedValues& values, std::string_view axis, std::string_view format);

/// Differences of variants of `kind` to the baseline in `metric`'s mean or
/// CVaR 99% ("mean" or "cvar99"), with their confidence intervals.
boost::json::object difference_chart(const ComparisonResults& c, std::string_view kind, std::string_view statistic,
                                     std::string_view axis);

/// A replayed scenario: value lost per week, stacked by sector.
boost::json::object weekly_loss_chart(const ScenarioTimeline& t, const std::string& unit);

/// A replayed scenario: when each event was active and recovering.
boost::json::object event_chart(const ScenarioTimeline& t);

/// The charts of one report; each figure refers to its spec by index.
class ChartSet {
 public:
  /// A figure with a canvas for `spec` and `caption` (escaped here).
  std::string figure(boost::json::object spec, std::string_view caption, bool short_box = false);
  /// The specs as a JSON script element, safe inside HTML.
  [[nodiscard]] std::string data_script() const;
  [[nodiscard]] std::size_t size() const { return specs_.size(); }

 private:
  boost::json::array specs_;
};

}  // namespace chokepoint::report
