// Sections on the risk itself: headline numbers, loss distributions,
// weekly shortfall and tail attribution.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "html_sections.hh"
#include "html_table.hh"
#include "loss_distribution.hh"
#include "number_format.hh"

namespace chokepoint::report {

namespace {

/// Return periods of the return-level table, in years.
constexpr double kReturnPeriods[] = {10, 20, 50, 100, 200, 500, 1000};

std::vector<HtmlCell> estimate_cells(const MetricResult& m) {
  std::vector<HtmlCell> cells = {amount_ci_cell(m.mean, m.mean_ci)};
  for (const double alpha : {0.95, 0.99}) {
    for (const LevelEstimate* e : {m.var_at(alpha), m.cvar_at(alpha)}) {
      cells.push_back(e != nullptr ? amount_ci_cell(e->value, e->ci) : amount_ci_cell(kNotANumber, std::nullopt));
    }
  }
  cells.push_back(percent_cell(m.p_positive));
  return cells;
}

}  // namespace

std::string unit_suffix(const std::string& unit) { return unit.empty() ? "" : " (" + unit + ")"; }

std::string amounts_in(const std::string& unit) { return unit.empty() ? "" : " Amounts in " + unit + "."; }

std::string note(const std::string& text) { return "<p class=\"note\">" + escape_html(text) + "</p>\n"; }

Section headline_section(const SectionContext& c) {
  HtmlTable table("headline");
  table.columns({"study", "loss", "expected loss", "VaR 95%", "CVaR 95%", "VaR 99%", "CVaR 99%", "P(loss > 0)"},
                {"", "", "mean loss over the horizon, with its confidence interval below",
                 "loss exceeded in 5% of scenarios", "mean of the worst 5%", "loss exceeded in 1% of scenarios",
                 "mean of the worst 1%", "share of scenarios with any loss"});
  for (const StudyResults& s : c.group.studies) {
    for (const std::string& name : s.headline_metrics()) {
      const MetricResult* m = s.metric(name);
      if (m == nullptr) continue;
      std::vector<HtmlCell> row = {text_cell(s.variant_name()), text_cell(headline_label(name))};
      for (HtmlCell& cell : estimate_cells(*m)) row.push_back(std::move(cell));
      table.row(std::move(row));
    }
  }
  const std::string html = fmt::format(
      "<p>Losses over {} weeks in {}, {} scenarios, seed {}.{} Below each estimate, its {:g}% confidence interval "
      "(\"CI n/a\" where the results carry none).</p>\n",
      c.primary.horizon_weeks, escape_html(c.primary.value_unit.empty() ? "value units" : c.primary.value_unit),
      format_count(c.primary.scenarios), c.primary.seed, escape_html(c.primary.sampling_note()),
      c.primary.ci_confidence * 100.0);
  return Section{c.anchor + "-headline", "Headline", html + table.html()};
}

Section distribution_section(const SectionContext& c) {
  const StudyResults& p = c.primary;
  std::string figures;
  HtmlTable levels("return-levels");
  std::vector<std::string> headings = {"loss"};
  for (const double years : kReturnPeriods) headings.push_back(fmt::format("1 in {:g} y", years));
  levels.columns(headings);
  for (const std::string& name : p.headline_metrics()) {
    const MetricResult* m = p.metric(name);
    if (m == nullptr) continue;
    const std::string label = headline_label(name);
    boost::json::object histogram = histogram_chart(*m);
    if (histogram.at("bins").as_array().empty()) {
      figures += "<figure>" + note(fmt::format("{}: no scenario lost anything.", label)) + "</figure>\n";
    } else {
      figures += c.charts.figure(std::move(histogram),
                                 fmt::format("Loss distribution, {} ({}): share of scenarios per bin; {} had no loss.",
                                             label, p.variant_name(), format_percent(1.0 - m->p_positive)));
    }
    std::vector<std::pair<std::string, const MetricResult*>> series = {{p.variant_name(), m}};
    for (const StudyResults* s : c.group.stress_tests()) {
      if (const MetricResult* sm = s->metric(name); sm != nullptr) series.emplace_back(s->variant_name(), sm);
    }
    figures += c.charts.figure(exceedance_chart(series, m->unit, p.horizon_weeks),
                               fmt::format("Exceedance, {}: P(loss > x) over the {}-week horizon; right axis: return "
                                           "period, the horizon divided by P.",
                                           label, p.horizon_weeks));
    std::vector<HtmlCell> row = {text_cell(label)};
    for (const double years : kReturnPeriods) {
      const double p_exceed = static_cast<double>(p.horizon_weeks) / 52.0 / years;
      row.push_back(amount_cell(value_at_exceedance(m->exceedance, p_exceed)));
    }
    levels.row(std::move(row));
  }
  const std::string html =
      "<div class=\"charts\">" + figures + "</div>\n" +
      fmt::format(
          "<h4>Return levels ({}, {})</h4>\n<p>The loss exceeded once in so many years on average: P(loss > x) "
          "over the horizon equals the horizon in years divided by the return period. \"n/a\": rarer than "
          "the scenarios can resolve.</p>\n",
          escape_html(p.variant_name()), escape_html(p.value_unit)) +
      levels.html();
  return Section{c.anchor + "-distribution", "Loss distribution", html};
}

Section shortfall_section(const SectionContext& c) {
  std::vector<const StudyResults*> studies = {&c.primary};
  for (const StudyResults* s : c.group.stress_tests()) studies.push_back(s);
  std::string html =
      "<p>Per week, the shortfall of each sector as a share of its final demand: the median, 90th and 99th "
      "percentile over all scenarios";
  html += studies.size() > 1 ? ", the baseline beside each stress test.</p>\n" : ".</p>\n";
  for (const FanChartResult& f : c.primary.fan_charts) {
    html += fmt::format("<h4>{}</h4>\n<div class=\"charts\">", escape_html(f.sector));
    for (const StudyResults* s : studies) {
      for (const FanChartResult& g : s->fan_charts) {
        if (g.sector == f.sector) {
          html += c.charts.figure(fan_chart(g), fmt::format("Weekly shortfall, {} ({}).", f.sector, s->variant_name()));
        }
      }
    }
    html += "</div>\n";
  }
  return Section{c.anchor + "-shortfall", "Weekly shortfall", html};
}

Section tail_section(const SectionContext& c) {
  const TailResult& tail = c.primary.tail;
  double tail_total = 0.0;
  for (const auto& [sector, loss] : tail.sector_mean_loss) tail_total += loss;
  NamedValues shares;
  for (const auto& [sector, loss] : tail.sector_mean_loss) {
    shares.emplace_back(sector, tail_total > 0.0 ? loss / tail_total : kNotANumber);
  }
  NamedValues lifts;
  for (const auto& [event, lift] : tail.event_lift) {
    if (std::isfinite(lift)) lifts.emplace_back(event, lift);
  }
  std::stable_sort(lifts.begin(), lifts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });

  std::string html = fmt::format(
      "<p>The worst {:g}% of {} in the {} ({} scenarios{}): which sectors carry the loss, and which events are "
      "over-represented. An event's lift is its mean number of starts in the tail divided by its mean overall; above "
      "1, the event drives the tail.{}</p>\n",
      (1.0 - tail.alpha) * 100.0, escape_html(tail.metric), escape_html(c.primary.variant_name()),
      format_count(tail.scenarios), tail.exact ? "" : ", approximated by the largest values kept",
      escape_html(amounts_in(c.primary.value_unit)));
  html += "<div class=\"charts\">";
  if (tail_total > 0.0) {
    html += c.charts.figure(bar_chart(shares, "share of the mean loss in the tail", "percent"),
                            "Sector shares of the tail loss.");
  } else {
    html += "<figure>" + note("No loss in the tail: nothing to attribute.") + "</figure>";
  }
  if (!lifts.empty()) {
    html += c.charts.figure(bar_chart(lifts, "lift: mean starts in the tail / mean starts overall", "amount"),
                            "Event lift in the tail.");
  }
  html += "</div>\n";
  HtmlTable table("tail");
  table.columns({"sector", "mean loss in the tail", "share"});
  for (std::size_t i = 0; i < shares.size(); ++i) {
    table.row(
        {text_cell(shares[i].first), amount_cell(tail.sector_mean_loss[i].second), percent_cell(shares[i].second)});
  }
  HtmlTable events("lift");
  events.columns({"event", "lift in the tail"});
  for (const auto& [event, lift] : tail.event_lift) events.row({text_cell(event), amount_cell(lift)});
  html += table.html() + events.html();
  return Section{c.anchor + "-tail", "Tail attribution", html};
}

}  // namespace chokepoint::report
