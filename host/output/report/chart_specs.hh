// The data of each chart of a report, as JSON for the report's script
// (host/report/report.js draws a chart from its "type" and fields).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "comparison_results.hh"
#include "study_results.hh"
#include "uncertainty_results.hh"
#include "worst_timelines.hh"

namespace chokepoint::report {

/// Histogram of a metric's positive values on log-spaced bins ("bins" is
/// empty when no value is positive).
boost::json::object histogram_chart(const MetricResult& m);

/// Exceedance curves P(value > x) of one metric in several studies, with
/// return periods over `horizon_weeks`.
boost::json::object exceedance_chart(const std::vector<std::pair<std::string, const MetricResult*>>& series,
                                     const std::string& unit, std::int64_t horizon_weeks);

/// Adds the epistemic band (exceedance curves at P5, P50 and P95 across
/// assumption draws) to an exceedance chart, drawn as a shaded band
/// labelled `label`, apart from the curves' own estimates.
void add_epistemic_band(boost::json::object& exceedance, const EpistemicExceedance& band, std::string_view label);

/// Median, 90% and 99% bands of a sector's weekly shortfall ratio.
boost::json::object fan_chart(const FanChartResult& f);
/// The percentiles among the scenarios short each week, with the share short.
boost::json::object short_fan_chart(const FanChartResult& f);

/// Horizontal bars; `format` is "percent" or "amount".
boost::json::object bar_chart(const NamedValues& values, std::string_view axis, std::string_view format);

/// Values with their intervals, one row per label: each series draws a
/// marker at its value and a bar over its interval.
struct IntervalSeries {
  std::string label;     // of the markers
  std::string ci_label;  // of the bars, saying what kind of interval they are
  std::vector<double> values;
  std::vector<std::optional<Interval>> intervals;
};
boost::json::object interval_chart(const std::vector<IntervalSeries>& series, const std::vector<std::string>& labels,
                                   std::string_view axis);

/// Differences of `variants` to the baseline in loss_total's mean or CVaR
/// 99% (`statistic` "mean" or "cvar99"), with their confidence intervals,
/// in the order given.
boost::json::object difference_chart(const std::vector<const VariantComparison*>& variants, double confidence,
                                     std::string_view statistic, std::string_view axis);

/// A replayed scenario: value lost per week, stacked by sector.
boost::json::object weekly_loss_chart(const ScenarioTimeline& t, const std::string& unit);

/// A replayed scenario: when each event was active and recovering.
boost::json::object event_chart(const ScenarioTimeline& t);

/// The charts of one report; each figure refers to its spec by index.
class ChartSet {
 public:
  /// A figure with a canvas for `spec` and `caption` (escaped here).
  std::string figure(boost::json::object spec, std::string_view caption, bool short_box = false);
  /// A figure as wide as the section for a chart of `rows` horizontal bars,
  /// tall enough that every bar is labelled.
  std::string row_figure(boost::json::object spec, std::string_view caption, std::size_t rows);
  /// The specs as a JSON script element, safe inside HTML.
  [[nodiscard]] std::string data_script() const;
  [[nodiscard]] std::size_t size() const { return specs_.size(); }

 private:
  std::string add(boost::json::object spec, std::string_view caption, std::string_view box_class,
                  std::string_view box_style);
  boost::json::array specs_;
};

}  // namespace chokepoint::report
