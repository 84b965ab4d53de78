// chokepoint run: a study of N scenarios, written to an output folder.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>

#include "commands.hh"
#include "hardware.hh"
#include "model_selection.hh"
#include "progress.hh"
#include "study_output.hh"
#include "study_runner.hh"
#include "study_statistics.hh"
#include "summary.hh"

namespace chokepoint::cli {

namespace {

struct RunArgs {
  std::string file;
  StudyOptions study;
  std::string out;
  std::string policy;
  std::string stress;
  bool quiet = false;
};

void run_command(const RunArgs& a) {
  const auto selected = select_model(a.file, a.policy, a.stress);
  ProgressBar progress(!a.quiet && ProgressBar::stderr_is_terminal());
  RunRecord record;
  record.model_file = a.file;
  record.started_utc = utc_timestamp();
  record.command_line = command_line();
  StudyRun run = run_study(selected->model, a.study,
                           [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total); });
  progress.finish();
  if (!run.backend_note.empty() && !a.quiet) fmt::print(stderr, "note: {}\n", run.backend_note);
  record.backend = run.backend;
  record.backend_description = run.backend_description;
  record.wall_seconds = run.wall_seconds;
  const StudyStatistics stats = compute_statistics(run.accumulator, selected->model);
  const StudyIdentity id =
      identify_study(selected->scenario, selected->loaded.sha256, a.study.seed, a.study.scenarios, a.policy, a.stress);
  std::string out = a.out;
  if (out.empty()) {
    out = "results/" + selected->scenario.name;
    if (!a.policy.empty()) out += "-" + a.policy;
    if (!a.stress.empty()) out += "-" + a.stress;
  }
  write_study_outputs(out, id, stats, record);
  if (a.quiet) {
    fmt::print("{}/results.json\n", out);
  } else {
    fmt::print("{}", format_summary(id, stats, record, out));
  }
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a study: N scenarios of a model, with statistics written to a folder");
  cmd->footer(
      "Writes results.json (identical for the same model, seed and N on any backend, thread count or chunk size),\n"
      "manifest.json (how the run went: backend, time, hardware) and CSV tables: quantiles, exceedance curves,\n"
      "fan charts, worst scenarios and tail attribution. A progress line is shown on a terminal.");
  cmd->add_option("scenario", args->file, "Scenario file (chokepoint/1 JSON)")->required();
  cmd->add_option("-n,--scenarios", args->study.scenarios, "Number of scenarios")
      ->default_val(100000)
      ->check(CLI::Range(std::uint64_t{1}, kMaxScenarios));
  cmd->add_option("--seed", args->study.seed, "Study seed: the same seed gives the same results")->default_val(1);
  cmd->add_option("--threads", args->study.backend.threads, "CPU threads (default: all available)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--backend", args->study.backend.name,
                  "Where to run: " + fmt::format("{}", fmt::join(built_backends(), ", ")) +
                      " (auto: CUDA when a GPU is present, else the CPU; results are the same on every backend)")
      ->default_val("auto");
  cmd->add_option("--device", args->study.backend.device, "CUDA device index")->default_val(0)->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", args->out, "Output folder (default: results/<model name>[-policy][-stress])");
  cmd->add_option("--policy", args->policy, "Apply this policy of the file before running");
  cmd->add_option("--stress", args->stress, "Force the events of this stress test of the file");
  cmd->add_option("--chunk-size", args->study.chunk_size,
                  "Scenarios per chunk (tuning only: results never depend on it; default from N)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
  cmd->add_option("--top-k", args->study.top_k,
                  "Largest values kept exactly per output (default: 5% of N + 1, at most 16384); VaR/CVaR at level "
                  "a are exact when top-k >= N(1-a)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary; print only the results path");
  cmd->callback([args] { run_command(*args); });
}

}  // namespace chokepoint::cli
