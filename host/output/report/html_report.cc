#include "html_report.hh"

#include <fmt/format.h>

#include "html_sections.hh"
#include "html_table.hh"
#include "report_assets.hh"
#include "version.hh"

namespace chokepoint::report {

namespace {

// The report may run inline scripts and styles and nothing else: no request
// leaves the page, which is what makes it work offline.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'";

std::string report_title(const std::vector<ModelGroup>& groups) {
  if (groups.size() == 1) return "Supply-disruption risk: " + groups.front().model;
  return fmt::format("Supply-disruption risk: {} models", groups.size());
}

/// The model's sections, in reading order.
std::vector<Section> model_sections(const SectionContext& c, std::size_t timelines) {
  return {summary_section(c), headline_section(c), distribution_section(c), shortfall_section(c),
          tail_section(c),    stress_section(c),   policy_section(c),       uncertainty_section(c),
          worst_section(c, timelines), runs_section(c)};
}

}  // namespace

std::string html_report(const std::vector<ModelGroup>& groups, const ReportOptions& options) {
  ChartSet charts;
  std::string body;
  std::string contents;
  std::size_t folders = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const ModelGroup& group = groups[g];
    folders += group.studies.size();
    const StudyResults& primary = group.baseline() != nullptr ? *group.baseline() : group.studies.front();
    const SectionContext context{group, primary, fmt::format("m{}", g), charts};
    body += fmt::format("<section class=\"model\" id=\"{}\">\n<h2>{}</h2>\n", context.anchor, escape_html(group.model));
    if (group.model_file.scenario && !group.model_file.scenario->description.empty()) {
      body += "<p>" + escape_html(group.model_file.scenario->description) + "</p>\n";
    }
    if (group.baseline() == nullptr) {
      body += note("No baseline folder was given: the sections below describe the " + primary.variant_name() + ".");
    }
    contents += fmt::format("<li><a href=\"#{}\"><strong>{}</strong></a>", context.anchor, escape_html(group.model));
    for (const Section& s : model_sections(context, options.timelines)) {
      if (s.html.empty()) continue;
      body += fmt::format("<section id=\"{}\">\n<h3>{}</h3>\n{}</section>\n", s.id, escape_html(s.title), s.html);
      contents += fmt::format(" <a href=\"#{}\">{}</a>", s.id, escape_html(s.title));
    }
    contents += "</li>\n";
    body += "</section>\n";
  }
  const std::string title = report_title(groups);
  std::string page = fmt::format("<!DOCTYPE html>\n<html lang=\"en\"{}>\n<head>\n<meta charset=\"utf-8\">\n",
                                 options.for_print ? " data-print" : "");
  page += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", kContentSecurityPolicy);
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += fmt::format("<meta name=\"generator\" content=\"chokepoint {}\">\n", kVersion);
  page += "<title>" + escape_html(title) + "</title>\n<style>\n" + std::string(report_style_text()) + "</style>\n";
  page += "</head>\n<body>\n<header>\n<h1>" + escape_html(title) + "</h1>\n";
  page += fmt::format("<p class=\"meta\">Generated {} by chokepoint {} ({}) from {} results folder{}.</p>\n",
                      escape_html(options.generated_utc), kVersion, escape_html(kGitCommit), folders,
                      folders == 1 ? "" : "s");
  page += "<nav class=\"toc\" aria-label=\"Contents\"><ul>\n" + contents + "</ul></nav>\n</header>\n";
  page += "<main>\n" + body + "</main>\n";
  page += fmt::format(
      "<footer>Charts drawn with Chart.js {} (MIT licence), included in this file: the report needs "
      "no network. Click a column heading to sort a table.</footer>\n",
      escape_html(chart_js_version()));
  page += charts.data_script();
  page += "<script>\n" + std::string(chart_js_text()) + "\n</script>\n";
  page += "<script>\n" + std::string(report_script_text()) + "</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace chokepoint::report
