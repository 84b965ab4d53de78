// Sections on the risk itself: headline numbers, loss distributions,
// weekly shortfall and tail attribution.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "html_sections.hh"
#include "html_table.hh"
#include "loss_distribution.hh"
#include "number_format.hh"
#include "return_levels.hh"

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

/// A fan chart whose every percentile is zero every week: drawn, it is a
/// flat line at zero that tells the reader nothing.
bool all_zero(const FanChartResult& f) {
  for (const std::vector<double>* q : {&f.q50, &f.q90, &f.q99}) {
    for (const double v : *q) {
      if (!(v == 0.0)) return false;
    }
  }
  return true;
}

/// Whether any scenario fell short in any week.
bool ever_short(const FanChartResult& f) {
  return std::any_of(f.p_short.begin(), f.p_short.end(), [](double p) { return p > 0.0; });
}

}  // namespace

std::string unit_suffix(const std::string& unit) { return unit.empty() ? "" : " (" + unit + ")"; }

std::string amounts_in(const std::string& unit) { return unit.empty() ? "" : " Amounts in " + unit + "."; }

std::string note(const std::string& text) { return "<p class=\"note\">" + escape_html(text) + "</p>\n"; }

Section headline_section(const SectionContext& c) {
  const std::vector<std::string> estimates = {"expected loss", "VaR 95%", "CVaR 95%", "VaR 99%", "CVaR 99%",
                                              "P(loss > 0)"};
  const std::vector<std::string> titles = {"mean loss over the horizon, with its confidence interval below",
                                           "loss exceeded in 5% of scenarios", "mean of the worst 5%",
                                           "loss exceeded in 1% of scenarios", "mean of the worst 1%",
                                           "share of scenarios with any loss"};
  // The total loss of every study; the sectors fold open beneath it.
  std::vector<std::string> headings = {"study"};
  std::vector<std::string> heading_titles = {""};
  headings.insert(headings.end(), estimates.begin(), estimates.end());
  heading_titles.insert(heading_titles.end(), titles.begin(), titles.end());
  HtmlTable table("headline");
  table.columns(headings, heading_titles);
  headings.insert(headings.begin() + 1, "sector");
  heading_titles.insert(heading_titles.begin() + 1, "");
  HtmlTable sectors("headline-sectors");
  sectors.columns(headings, heading_titles);
  for (const StudyResults* s : c.group.in_reading_order()) {
    for (const std::string& name : s->headline_metrics()) {
      const MetricResult* m = s->metric(name);
      if (m == nullptr) continue;
      std::vector<HtmlCell> row = {text_cell(s->variant_name())};
      if (name != "loss_total") row.push_back(text_cell(headline_label(name)));
      for (HtmlCell& cell : estimate_cells(*m)) row.push_back(std::move(cell));
      (name == "loss_total" ? table : sectors).row(std::move(row));
    }
  }
  std::string html = fmt::format(
      "<p>Losses over {} weeks in {}, {} scenarios, seed {}.{} Below each estimate, its {:g}% confidence interval "
      "(\"CI n/a\" where the results carry none). Stress tests by expected loss, policies by rank.</p>\n",
      c.primary.horizon_weeks, escape_html(c.primary.value_unit.empty() ? "value units" : c.primary.value_unit),
      format_count(c.primary.scenarios), c.primary.seed, escape_html(c.primary.sampling_note()),
      c.primary.ci_confidence * 100.0);
  html += table.html();
  if (!sectors.empty()) {
    html += "<details class=\"sectors\"><summary>Per sector</summary>\n" + sectors.html() + "</details>\n";
  }
  return Section{c.anchor + "-headline", "Headline", html};
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
      const ReturnLevel r = return_level(*m, years, p.horizon_weeks, !p.importance.empty());
      row.push_back(amount_ci_cell(r.value, r.ci));
    }
    levels.row(std::move(row));
  }
  const std::string html =
      "<div class=\"charts\">" + figures + "</div>\n" +
      fmt::format(
          "<h4>Return levels ({}, {})</h4>\n<p>The loss exceeded once in so many years on average: P(loss > x) "
          "over the horizon equals the horizon in years divided by the return period. Below each, its "
          "distribution-free 95% interval (the binomial order statistics, as for quantiles); \"n/a\": rarer than "
          "the scenarios can resolve.</p>\n",
          escape_html(p.variant_name()), escape_html(p.value_unit)) +
      levels.html();
  return Section{c.anchor + "-distribution", "Loss distribution", html};
}

Section shortfall_section(const SectionContext& c) {
  std::vector<const StudyResults*> studies = {&c.primary};
  for (const StudyResults* s : c.group.in_reading_order()) {
    if (!s->stress_test.empty() && s->policy.empty()) studies.push_back(s);
  }
  // Shortfalls are rare: in most weeks fewer than 1% of scenarios fall
  // short, and then every percentile over all scenarios is zero. Each
  // sector is therefore shown as how often it is short (the share of
  // scenarios short that week) and how badly when it is (the percentiles
  // among those scenarios); the percentiles over all scenarios are drawn
  // beside it where they are not all zero.
  std::string html =
      "<p>Per week, the shortfall of each sector as a share of its final demand. The chart \"among scenarios short "
      "that week\" shows how badly a sector falls short when it does (the median, 90th and 99th percentile among the "
      "scenarios short that week) and, as a dashed line on the right axis, how often (the share of scenarios short "
      "that week); weeks in which no scenario is short have no percentiles. Where more than 1% of scenarios fall short "
      "in some week, the percentiles over all scenarios are drawn beside it";
  html += studies.size() > 1 ? "; the baseline comes first, then each stress test.</p>\n" : ".</p>\n";
  std::vector<std::string> never;
  for (const FanChartResult& f : c.primary.fan_charts) {
    std::string figures;
    for (const StudyResults* s : studies) {
      for (const FanChartResult& g : s->fan_charts) {
        if (g.sector != f.sector) continue;
        if (!ever_short(g)) {
          never.push_back(fmt::format("{} ({})", f.sector, s->variant_name()));
          continue;
        }
        figures += c.charts.figure(short_fan_chart(g), fmt::format("Weekly shortfall among scenarios short that "
                                                                   "week, with the share short, {} ({}).",
                                                                   f.sector, s->variant_name()));
        if (!all_zero(g)) {
          figures += c.charts.figure(
              fan_chart(g), fmt::format("Weekly shortfall over all scenarios, {} ({}).", f.sector, s->variant_name()));
        }
      }
    }
    if (!figures.empty()) html += fmt::format("<h4>{}</h4>\n<div class=\"charts\">{}</div>\n", escape_html(f.sector), figures);
  }
  if (!never.empty()) {
    std::string list;
    for (const std::string& name : never) list += (list.empty() ? "" : ", ") + name;
    html += note(fmt::format("Not drawn, because no scenario falls short in any week: {}.", list));
  }
  return Section{c.anchor + "-shortfall", "Weekly shortfall", html};
}

Section tail_section(const SectionContext& c) {
  const TailResult& tail = c.primary.tail;
  double tail_total = 0.0;
  for (const auto& [sector, loss] : tail.sector_mean_loss) tail_total += loss;
  NamedValues sector_loss = tail.sector_mean_loss;
  std::stable_sort(sector_loss.begin(), sector_loss.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  NamedValues shares;
  for (const auto& [sector, loss] : sector_loss) {
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
  html += "</div>\n";
  if (!lifts.empty()) {
    html += c.charts.row_figure(bar_chart(lifts, "lift: mean starts in the tail / mean starts overall", "amount"),
                                "Event lift in the tail, highest first (events that never started are left out).",
                                lifts.size());
  }
  HtmlTable table("tail");
  table.columns({"sector", "mean loss in the tail", "share"});
  for (std::size_t i = 0; i < shares.size(); ++i) {
    table.row(
        {text_cell(shares[i].first), amount_cell(sector_loss[i].second), percent_cell(shares[i].second)});
  }
  HtmlTable events("lift");
  events.columns({"event", "lift in the tail"});
  NamedValues all_lifts = tail.event_lift;
  std::stable_sort(all_lifts.begin(), all_lifts.end(), [](const auto& a, const auto& b) {
    return std::isnan(b.second) ? !std::isnan(a.second) : a.second > b.second;  // never started: last
  });
  for (const auto& [event, lift] : all_lifts) events.row({text_cell(event), amount_cell(lift)});
  html += "<div class=\"side-by-side\">" + table.html() + events.html() + "</div>\n";
  return Section{c.anchor + "-tail", "Tail attribution", html};
}

}  // namespace chokepoint::report
