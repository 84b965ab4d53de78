#include "night_index.hh"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "atomic_file.hh"
#include "html_table.hh"
#include "json_cursor.hh"
#include "report_assets.hh"

namespace chokepoint::nightly {

using report::count_cell;
using report::escape_html;
using report::exact_number;
using report::html_cell;
using report::HtmlTable;
using report::JsonCursor;
using report::read_json_file;
using report::report_style_text;
using report::text_cell;

namespace {

NightSummary summarize_night(const std::filesystem::path& dir) {
  NightSummary n;
  n.name = dir.filename().string();
  n.has_report = std::filesystem::exists(dir / "report.html");
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / "results")) {
    if (!entry.is_regular_file() || entry.path().filename() != "manifest.json") continue;
    ++n.studies;
    const JsonCursor manifest = read_json_file(entry.path().string());
    if (const auto wall = manifest.find("wall_seconds")) n.compute_seconds += wall->number();
  }
  const std::filesystem::path diff = dir / "diff.json";
  n.has_diff = std::filesystem::exists(dir / "diff.md");
  if (!n.has_report) {
    n.status = "incomplete";
  } else if (!std::filesystem::exists(diff)) {
    n.status = "first night";
  } else {
    const JsonCursor d = read_json_file(diff.string());
    n.flagged_increases = d["flagged_increases"].whole_number();
    const auto failure = d.find("reproducibility_failure");
    if (failure && failure->boolean()) {
      n.status = "reproducibility failure";
    } else {
      n.status = n.flagged_increases > 0 ? "risk increased" : "no flagged increase";
    }
  }
  return n;
}

}  // namespace

std::vector<NightSummary> read_nights(const std::string& folder) {
  std::vector<NightSummary> nights;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_directory() && std::filesystem::is_directory(entry.path() / "results")) {
      nights.push_back(summarize_night(entry.path()));
    }
  }
  std::sort(nights.begin(), nights.end(), [](const NightSummary& a, const NightSummary& b) { return a.name > b.name; });
  return nights;
}

std::string night_index_html(const std::vector<NightSummary>& nights) {
  HtmlTable table("nights");
  table.columns({"night (UTC)", "status", "flagged increases", "studies", "compute time", "report", "comparison"});
  for (const NightSummary& n : nights) {
    const std::string link = escape_html(n.name);
    table.row(
        {text_cell(n.name),
         html_cell(fmt::format("<span class=\"status-{}\">{}</span>",
                               n.flagged_increases > 0 || n.status == "reproducibility failure" ? "up" : "ok",
                               escape_html(n.status)),
                   n.status),
         count_cell(n.flagged_increases), count_cell(n.studies),
         html_cell(fmt::format("{:.0f} s", n.compute_seconds), exact_number(n.compute_seconds)),
         n.has_report ? html_cell(fmt::format("<a href=\"{}/report.html\">report</a>", link), n.name) : text_cell("–"),
         n.has_diff ? html_cell(fmt::format("<a href=\"{}/diff.md\">changes</a>", link), n.name) : text_cell("–")});
  }
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>chokepoint nightly</title>\n<style>\n" + std::string(report_style_text()) +
          ".status-up { color: #b00020; font-weight: 600; }\nth { cursor: default; }\n</style>\n</head>\n<body>\n";
  page +=
      "<header><h1>chokepoint nightly</h1>\n<p class=\"meta\">Every night of the stress-test suite, newest first. "
      "A night's status compares it with the night before: \"risk increased\" means a loss statistic rose by more "
      "than the Monte Carlo noise and the configured threshold.</p></header>\n<main>\n";
  page += table.html() + "</main>\n</body>\n</html>\n";
  return page;
}

void write_night_index(const std::string& folder) {
  write_file_atomically((std::filesystem::path(folder) / "index.html").string(), night_index_html(read_nights(folder)));
}

}  // namespace chokepoint::nightly
