// chokepoint report: an HTML report (or a Markdown summary) of results folders.
#include <fmt/format.h>

#include <filesystem>

#include "atomic_file.hh"
#include "commands.hh"
#include "diagnostics.hh"
#include "hardware.hh"
#include "html_report.hh"
#include "markdown_report.hh"
#include "pdf_print.hh"
#include "report_input.hh"

namespace chokepoint::cli {

namespace {

struct ReportArgs {
  std::vector<std::string> folders;
  std::string out;
  std::string format = "html";
  std::size_t timelines = 3;
};

void ensure_parent(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) ensure_output_directory(parent.string());
}

void write_output(const std::string& path, const std::string& text) {
  ensure_parent(path);
  write_file_atomically(path, text);
}

void report_command(const ReportArgs& a) {
  const std::vector<report::ModelGroup> groups = report::gather_report_input(a.folders);
  if (a.format == "md") {
    const std::string text = report::markdown_report(groups);
    if (a.out.empty()) {
      fmt::print("{}", text);
    } else {
      write_output(a.out, text);
      fmt::print("{}\n", a.out);
    }
    return;
  }
  const bool pdf = a.format == "pdf";
  const std::string out =
      a.out.empty() ? (std::filesystem::path(a.folders.front()) / (pdf ? "report.pdf" : "report.html")).string()
                    : a.out;
  const std::string html = report::html_report(groups, report::ReportOptions{a.timelines, utc_timestamp(), pdf});
  if (pdf) {
    ensure_parent(out);
    report::print_pdf(html, out);
  } else {
    write_output(out, html);
  }
  fmt::print("{}\n", out);
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "Write an HTML report (or a Markdown summary) of results folders");
  cmd->footer(
      "Each folder is a results folder (chokepoint run), a compare folder (comparison.json beside baseline/ and\n"
      "one folder per variant) or an uncertainty folder (uncertainty.json, with its model's results given too).\n"
      "Folders of the same model are reported together: a summary, headline numbers with confidence\n"
      "intervals, loss distributions, exceedance curves with return periods, weekly shortfall, tail attribution,\n"
      "stress tests and policies against the baseline, the worst scenarios with their timelines (re-simulated from\n"
      "the model file named in the manifest, if it is unchanged), uncertain assumptions and the run manifests.\n"
      "The HTML file is self-contained (Chart.js and data inline) and works offline. Prints the path written;\n"
      "the Markdown summary goes to stdout unless --out is given.");
  cmd->add_option("folders", args->folders, "Results or compare folders")->required();
  cmd->add_option("--out", args->out,
                  "Output file (default: FIRST_FOLDER/report.html or report.pdf; Markdown: stdout)");
  cmd->add_option("--format", args->format, "html, md or pdf (printed by headless Chromium, which must be installed)")
      ->check(CLI::IsMember({"html", "md", "pdf"}))
      ->default_val("html");
  cmd->add_option("--timelines", args->timelines, "Worst scenarios re-simulated and drawn week by week per model")
      ->default_val(3)
      ->check(CLI::Range(std::size_t{0}, std::size_t{20}));
  cmd->callback([args] { report_command(*args); });
}

}  // namespace chokepoint::cli
