// How each study was run (its manifest) and where the model's numbers come from.
#include <fmt/format.h>
#include <boost/json.hpp>

#include "html_sections.hh"
#include "html_table.hh"
#include "number_format.hh"

namespace chokepoint::report {

namespace {

namespace json = boost::json;

/// A manifest member as text ("" when absent).
std::string member_text(const json::object& o, std::string_view key) {
  const auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return "";
  const json::value& v = it->value();
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_double()) return fmt::format("{}", v.get_double());
  return json::serialize(v);
}

std::string hardware_text(const json::object& manifest) {
  const auto it = manifest.find("hardware");
  if (it == manifest.end() || !it->value().is_object()) return "";
  const json::object& hw = it->value().get_object();
  std::string out = member_text(hw, "cpu");
  if (const std::string cpus = member_text(hw, "logical_cpus"); !cpus.empty()) out += ", " + cpus + " logical CPUs";
  if (const auto mem = hw.find("memory_bytes"); mem != hw.end() && mem->value().is_number()) {
    out += fmt::format(", {:.1f} GiB", mem->value().to_number<double>() / (1u << 30));
  }
  if (const std::string host = member_text(hw, "hostname"); !host.empty()) out += " (" + host + ")";
  return out;
}

std::string wall_time_text(const json::object& manifest) {
  const auto it = manifest.find("wall_seconds");
  if (it == manifest.end() || !it->value().is_number()) return "";
  return fmt::format("{:.2f} s", it->value().to_number<double>());
}

}  // namespace

Section runs_section(const SectionContext& c) {
  std::string html = fmt::format("<p>Model <strong>{}</strong>, file <code>{}</code>, SHA-256 <code>{}</code>.</p>\n",
                                 escape_html(c.group.model),
                                 escape_html(c.group.model_file.path.empty() ? "(unknown)" : c.group.model_file.path),
                                 escape_html(c.group.model_sha256));
  HtmlTable runs("manifest");
  runs.columns({"study", "folder", "seed", "scenarios", "backend", "hardware", "started (UTC)", "wall time",
                "chokepoint version"});
  for (const StudyResults& s : c.group.studies) {
    const json::object none;
    const json::object& m = s.manifest ? *s.manifest : none;
    const std::string backend = member_text(m, "backend");
    const std::string description = member_text(m, "backend_description");
    const std::string version = member_text(m, "version");
    const std::string commit = member_text(m, "git_commit");
    runs.row({text_cell(s.variant_name()), text_cell(s.folder), count_cell(s.seed), count_cell(s.scenarios),
              text_cell(s.manifest ? backend + (description.empty() ? "" : " (" + description + ")") : "no manifest"),
              text_cell(hardware_text(m)), text_cell(member_text(m, "started_utc")), text_cell(wall_time_text(m)),
              text_cell(version + (commit.empty() ? "" : " (" + commit + ")"))});
  }
  html += runs.html();
  html += "<h4>Sources</h4>\n";
  if (!c.group.model_file.scenario) {
    html += note("Sources omitted: " + c.group.model_file.problem + ".");
  } else if (c.group.model_file.scenario->sources.empty()) {
    html += note("The model file cites no sources.");
  } else {
    HtmlTable sources("sources");
    sources.columns({"id", "citation", "used for"});
    for (const Source& src : c.group.model_file.scenario->sources) {
      std::string citation = escape_html(src.citation);
      if (!src.url.empty()) {
        citation += fmt::format(" <a href=\"{0}\" rel=\"noreferrer\">{0}</a>", escape_html(src.url));
      }
      sources.row({text_cell(src.id), html_cell(citation, src.citation), text_cell(src.used_for)});
    }
    html += sources.html();
  }
  return Section{c.anchor + "-runs", "Runs and sources", html};
}

}  // namespace chokepoint::report
