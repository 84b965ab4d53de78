#include "night_index.hh"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>

#include "atomic_file.hh"
#include "chart_specs.hh"
#include "html_table.hh"
#include "json_writer.hh"
#include "report_assets.hh"

namespace chokepoint::nightly {

using report::ChartSet;
using report::chart_js_text;
using report::count_cell;
using report::escape_html;
using report::exact_number;
using report::html_cell;
using report::HtmlTable;
using report::report_style_text;
using report::text_cell;

namespace json = boost::json;

namespace {

// Inline scripts and styles only: no request leaves the page, so it works offline.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// A night whose inputs differ from the model's night before it.
struct InputChange {
  std::size_t night = 0;  // index, oldest first
  std::vector<std::string> what;
};

/// One model's nights, oldest first: its headline on each (nullptr where it did not run).
std::vector<const ModelHeadline*> model_series(const std::vector<const NightSummary*>& nights,
                                               const std::string& model) {
  std::vector<const ModelHeadline*> series;
  for (const NightSummary* n : nights) {
    const auto it =
        std::find_if(n->models.begin(), n->models.end(), [&](const ModelHeadline& m) { return m.model == model; });
    series.push_back(it == n->models.end() ? nullptr : &*it);
  }
  return series;
}

std::vector<InputChange> input_changes(const std::vector<const ModelHeadline*>& series) {
  std::vector<InputChange> out;
  const ModelHeadline* before = nullptr;
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (series[i] == nullptr) continue;
    if (before != nullptr) {
      std::vector<std::string> what = changed_inputs(*before, *series[i]);
      if (!what.empty()) out.push_back({i, std::move(what)});
    }
    before = series[i];
  }
  return out;
}

/// The comparison a marker links to ("" when the night's folder is gone or has none).
std::string comparison_link(const NightSummary& n) { return n.kept && n.has_diff ? n.name + "/diff.md" : ""; }

json::object trend_chart(const std::vector<const NightSummary*>& nights, const std::vector<const ModelHeadline*>& series,
                         const std::vector<InputChange>& changes, Estimate ModelHeadline::*statistic,
                         std::string_view title, std::string_view format, const std::string& unit) {
  json::array labels, value, lo, hi;
  for (std::size_t i = 0; i < nights.size(); ++i) {
    labels.push_back(json::value(nights[i]->name));
    const Estimate e = series[i] == nullptr ? Estimate{} : series[i]->*statistic;
    value.push_back(json_number(e.value));
    lo.push_back(json_number(e.lo));
    hi.push_back(json_number(e.hi));
  }
  json::array markers;
  for (const InputChange& c : changes) {
    json::array what;
    for (const std::string& w : c.what) what.push_back(json::value(w));
    markers.push_back(
        json::object{{"night", c.night}, {"what", std::move(what)}, {"href", comparison_link(*nights[c.night])}});
  }
  return json::object{{"type", "trend"},   {"title", title}, {"format", format},   {"unit", unit},
                      {"labels", labels},  {"value", value}, {"lo", lo},           {"hi", hi},
                      {"markers", markers}};
}

/// Per model: three trend charts and the list of nights whose inputs changed.
std::string trend_sections(const std::vector<NightSummary>& newest_first, ChartSet& charts) {
  std::vector<const NightSummary*> nights;  // oldest first
  for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it) nights.push_back(&*it);
  std::vector<std::string> models;
  for (const NightSummary* n : nights) {
    for (const ModelHeadline& m : n->models) {
      if (std::find(models.begin(), models.end(), m.model) == models.end()) models.push_back(m.model);
    }
  }
  std::sort(models.begin(), models.end());
  std::string html;
  for (const std::string& model : models) {
    const std::vector<const ModelHeadline*> series = model_series(nights, model);
    const std::vector<InputChange> changes = input_changes(series);
    const auto latest = std::find_if(series.rbegin(), series.rend(), [](const ModelHeadline* m) { return m != nullptr; });
    const std::string unit = (*latest)->unit;
    html += fmt::format("<section class=\"trend\"><h2>{}</h2>\n<div class=\"charts\">\n", escape_html(model));
    html += charts.figure(trend_chart(nights, series, changes, &ModelHeadline::mean, "expected loss_total", "amount", unit),
                          fmt::format("{}: expected loss_total ({}), 95% interval", model, unit));
    html += charts.figure(trend_chart(nights, series, changes, &ModelHeadline::cvar99, "CVaR 99% of loss_total",
                                      "amount", unit),
                          fmt::format("{}: CVaR 99% of loss_total ({}), 95% interval", model, unit));
    html += charts.figure(trend_chart(nights, series, changes, &ModelHeadline::p_positive, "P(loss_total > 0)",
                                      "percent", unit),
                          fmt::format("{}: P(loss_total > 0), 95% interval", model));
    html += "</div>\n";
    if (!changes.empty()) {
      html += "<p class=\"meta\">Inputs changed (▲ on the charts):</p>\n<ul class=\"input-changes\">\n";
      for (const InputChange& c : changes) {
        const NightSummary& n = *nights[c.night];
        const std::string link = comparison_link(n);
        html += fmt::format("<li>{}: {}</li>\n",
                            link.empty() ? escape_html(n.name)
                                         : fmt::format("<a href=\"{}\">{}</a>", escape_html(link), escape_html(n.name)),
                            escape_html(fmt::format("{}", fmt::join(c.what, ", "))));
      }
      html += "</ul>\n";
    }
    html += "</section>\n";
  }
  return html;
}

std::string nights_table(const std::vector<NightSummary>& nights) {
  HtmlTable table("nights");
  table.columns({"night (UTC)", "status", "flagged increases", "studies", "compute time", "report", "comparison"});
  for (const NightSummary& n : nights) {
    const std::string link = escape_html(n.name);
    const bool alarming = n.flagged_increases > 0 || n.status == "reproducibility failure";
    table.row(
        {text_cell(n.name),
         html_cell(fmt::format("<span class=\"status-{}\">{}</span>", alarming ? "up" : "ok", escape_html(n.status)),
                   n.status),
         count_cell(n.flagged_increases), count_cell(n.studies),
         html_cell(fmt::format("{:.0f} s", n.compute_seconds), exact_number(n.compute_seconds)),
         n.has_report ? html_cell(fmt::format("<a href=\"{}/report.html\">report</a>", link), n.name)
                      : text_cell(n.kept ? "–" : "pruned"),
         n.has_diff ? html_cell(fmt::format("<a href=\"{}/diff.md\">changes</a>", link), n.name)
                    : text_cell(n.kept ? "–" : "pruned")});
  }
  return table.html();
}

}  // namespace

std::string night_index_html(const std::vector<NightSummary>& nights) {
  ChartSet charts;
  const std::string trends = trend_sections(nights, charts);
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", kContentSecurityPolicy);
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>chokepoint nightly</title>\n<style>\n" + std::string(report_style_text()) +
          ".status-up { color: #b00020; font-weight: 600; }\nth { cursor: default; }\n"
          ".input-changes { margin-top: 4px; }\n</style>\n</head>\n<body>\n";
  page +=
      "<header><h1>chokepoint nightly</h1>\n<p class=\"meta\">Risk over time: for each model's baseline, the "
      "headline statistics of loss_total night by night with their 95% confidence intervals as bands; ▲ marks a "
      "night whose inputs changed (model file, code version, sizes, seed or machine class) and opens that night's "
      "comparison. Below, every night, newest first. A night's status compares it with the night before: \"risk "
      "increased\" means a loss statistic rose by more than the Monte Carlo noise and the configured threshold; "
      "\"reproducibility failure\" that a number moved although no input of its study changed.</p></header>\n"
      "<main>\n";
  page += trends + "<section><h2>Nights</h2>\n" + nights_table(nights) + "</section>\n</main>\n";
  page += charts.data_script();
  page += "<script>\n" + std::string(chart_js_text()) + "\n</script>\n";
  page += "<script>\n" + std::string(night_index_script_text()) + "</script>\n</body>\n</html>\n";
  return page;
}

void update_night_index(const std::string& folder, std::optional<std::size_t> keep) {
  std::vector<NightSummary> nights = read_history(folder);
  write_history(folder, nights);  // first, so that no pruned night is lost
  if (keep) prune_nights(folder, nights, *keep);
  write_file_atomically((std::filesystem::path(folder) / "index.html").string(), night_index_html(nights));
}

}  // namespace chokepoint::nightly
