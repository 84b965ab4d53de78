#include "chart_specs.hh"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

#include "html_table.hh"
#include "json_writer.hh"
#include "loss_distribution.hh"

namespace chokepoint::report {

namespace json = boost::json;

namespace {

/// Bars enough to see the shape on a laptop-width chart.
constexpr std::size_t kHistogramBins = 40;
/// A chart with one bar per row: room for the axis and its title, then a
/// row tall enough for a label in the chart's font.
constexpr std::size_t kChartChrome = 70;
constexpr std::size_t kPixelsPerRow = 22;

json::array numbers(const std::vector<double>& values) {
  json::array out;
  for (const double v : values) out.push_back(json_number(v));
  return out;
}

json::value interval_or_null(const std::optional<Interval>& ci) {
  if (!ci) return nullptr;
  return json::array{json_number(ci->lo), json_number(ci->hi)};
}

}  // namespace

json::object histogram_chart(const MetricResult& m) {
  json::array bins;
  for (const HistogramBin& b : loss_histogram(m.exceedance, kHistogramBins)) {
    bins.push_back(json::object{{"lo", b.lo}, {"hi", b.hi}, {"p", b.probability}});
  }
  return json::object{{"type", "histogram"}, {"unit", m.unit}, {"bins", std::move(bins)}};
}

json::object exceedance_chart(const std::vector<std::pair<std::string, const MetricResult*>>& series,
                              const std::string& unit, std::int64_t horizon_weeks) {
  json::array out;
  double p_min = 1.0;
  for (const auto& [label, metric] : series) {
    json::array points;
    for (const auto& [x, p] : drawable_exceedance(metric->exceedance)) {
      points.push_back(json::array{x, p});
      p_min = std::min(p_min, p);
    }
    out.push_back(json::object{{"label", label}, {"points", std::move(points)}});
  }
  // The y axis starts at the power of ten below the smallest probability drawn.
  return json::object{{"type", "exceedance"},
                      {"unit", unit},
                      {"horizon_weeks", horizon_weeks},
                      {"p_min", std::pow(10.0, std::floor(std::log10(p_min)))},
                      {"series", std::move(out)}};
}

void add_epistemic_band(json::object& exceedance, const EpistemicExceedance& band, std::string_view label) {
  // A log axis cannot show P = 0: such points are left out of each line.
  const auto line = [&band](const std::vector<double>& p) {
    json::array points;
    for (std::size_t i = 0; i < band.x.size(); ++i) {
      if (band.x[i] > 0.0 && p[i] > 0.0) points.push_back(json::array{band.x[i], p[i]});
    }
    return points;
  };
  double p_min = exceedance.at("p_min").as_double();
  for (const std::vector<double>* p : {&band.p5, &band.p95}) {
    for (const double v : *p) {
      if (v > 0.0) p_min = std::min(p_min, std::pow(10.0, std::floor(std::log10(v))));
    }
  }
  exceedance["p_min"] = p_min;
  exceedance["band"] =
      json::object{{"label", label}, {"p5", line(band.p5)}, {"p50", line(band.p50)}, {"p95", line(band.p95)}};
}

json::object fan_chart(const FanChartResult& f) {
  return json::object{{"type", "fan"}, {"q50", numbers(f.q50)}, {"q90", numbers(f.q90)}, {"q99", numbers(f.q99)}};
}

json::object short_fan_chart(const FanChartResult& f) {
  return json::object{{"type", "fan_short"},
                      {"q50", numbers(f.q50_short)},
                      {"q90", numbers(f.q90_short)},
                      {"q99", numbers(f.q99_short)},
                      {"p_short", numbers(f.p_short)}};
}

json::object bar_chart(const NamedValues& values, std::string_view axis, std::string_view format) {
  // One colour: the bars differ in length, not in kind.
  json::array labels, data;
  for (const auto& [name, value] : values) {
    labels.push_back(json::value(name));
    data.push_back(json_number(value));
  }
  return json::object{
      {"type", "bars"}, {"axis", axis}, {"format", format}, {"labels", std::move(labels)}, {"values", std::move(data)}};
}

json::object interval_chart(const std::vector<IntervalSeries>& series, const std::vector<std::string>& labels,
                            std::string_view axis) {
  json::array out;
  for (const IntervalSeries& s : series) {
    json::array values, intervals;
    for (const double v : s.values) values.push_back(json_number(v));
    for (const std::optional<Interval>& ci : s.intervals) intervals.push_back(interval_or_null(ci));
    out.push_back(json::object{{"label", s.label},
                               {"ci_label", s.ci_label},
                               {"values", std::move(values)},
                               {"intervals", std::move(intervals)}});
  }
  json::array names;
  for (const std::string& l : labels) names.push_back(json::value(l));
  return json::object{{"type", "intervals"}, {"axis", axis}, {"labels", std::move(names)}, {"series", std::move(out)}};
}

json::object difference_chart(const std::vector<const VariantComparison*>& variants, double confidence,
                              std::string_view statistic, std::string_view axis) {
  std::vector<std::string> labels;
  IntervalSeries s{"difference", fmt::format("{:g}% confidence interval", confidence * 100.0), {}, {}};
  for (const VariantComparison* v : variants) {
    const MetricDifference* d = v->difference("loss_total");
    if (d == nullptr) continue;
    labels.push_back(v->id);
    const bool mean = statistic == "mean";
    s.values.push_back(mean ? d->mean_difference : d->cvar99_difference);
    s.intervals.push_back(mean ? d->mean_difference_ci : d->cvar99_difference_ci);
  }
  return interval_chart({s}, labels, axis);
}

json::object weekly_loss_chart(const ScenarioTimeline& t, const std::string& unit) {
  json::array loss, sectors, regime;
  for (std::size_t k = 0; k < t.sectors.size(); ++k) {
    sectors.push_back(json::value(t.sectors[k]));
    loss.push_back(numbers(t.weekly_loss[k]));
  }
  for (const std::string& r : t.regime) regime.push_back(json::value(r));
  return json::object{{"type", "weekly_loss"},
                      {"unit", unit},
                      {"sectors", std::move(sectors)},
                      {"loss", std::move(loss)},
                      {"regime", std::move(regime)}};
}

json::object event_chart(const ScenarioTimeline& t) {
  json::array labels, active, recovery;
  for (const EventSpan& s : t.events) {
    labels.push_back(json::value(fmt::format("{} (week {})", s.event, s.start)));
    // Bars span [first week, last week + 1) so that a one-week event is visible.
    active.push_back(json::array{s.start, s.active_end + 1});
    if (s.recovery_end > s.active_end) {
      recovery.push_back(json::array{s.active_end + 1, s.recovery_end + 1});
    } else {
      recovery.push_back(nullptr);
    }
  }
  return json::object{{"type", "events"},
                      {"weeks", t.regime.size()},
                      {"labels", std::move(labels)},
                      {"active", std::move(active)},
                      {"recovery", std::move(recovery)}};
}

std::string ChartSet::figure(json::object spec, std::string_view caption, bool short_box) {
  return add(std::move(spec), caption, short_box ? " short" : "", "");
}

std::string ChartSet::row_figure(json::object spec, std::string_view caption, std::size_t rows) {
  return add(std::move(spec), caption, "", fmt::format(" style=\"height: {}px\"", kChartChrome + kPixelsPerRow * rows));
}

std::string ChartSet::add(json::object spec, std::string_view caption, std::string_view box_class,
                          std::string_view box_style) {
  const std::size_t index = specs_.size();
  specs_.push_back(std::move(spec));
  return fmt::format(
      "<figure{}><div class=\"chart-box{}\"{}><canvas data-chart=\"{}\" role=\"img\" aria-label=\"{}\"></canvas>"
      "</div><figcaption>{}</figcaption></figure>\n",
      box_style.empty() ? "" : " class=\"rows\"", box_class, box_style, index, escape_html(caption),
      escape_html(caption));
}

std::string ChartSet::data_script() const {
  // "<" appears only inside JSON strings, where \u003c means the same: this
  // keeps "</script>" in a label from ending the element.
  std::string text = json::serialize(json::object{{"charts", specs_}});
  std::string safe;
  safe.reserve(text.size());
  for (const char c : text) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return "<script type=\"application/json\" id=\"chart-data\">" + safe + "</script>\n";
}

}  // namespace chokepoint::report
