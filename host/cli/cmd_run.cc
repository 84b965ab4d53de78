// chokepoint run: a study of N scenarios, written to an output folder.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <sstream>

#include "commands.hh"
#include "atomic_file.hh"
#include "diagnostics.hh"
#include "interrupt.hh"
#ifdef CHOKEPOINT_HAVE_MPI
#include "mpi_study.hh"
#endif
#include "model_selection.hh"
#include "progress.hh"
#include "study_pipeline.hh"
#include "summary.hh"

namespace chokepoint::cli {

namespace {

struct RunArgs {
  std::string file;
  StudyOptions study;
  PrecisionTarget target;
  double target_rel_ci = 0.0;  // 0: run exactly --scenarios
  std::string out;
  std::string policy;
  std::string stress;
  std::string importance;
  std::string shard;  // "I/K"
  std::string checkpoint;
  double checkpoint_every = 60.0;
  std::string resume;
  bool quiet = false;
};

/// "I/K" of --shard.
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text) {
  std::uint64_t index = 0;
  std::uint64_t count = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> index >> slash >> count) || slash != '/' || !in.eof() || index < 1 || index > count) {
    throw InputError(fmt::format("--shard: expected I/K with 1 <= I <= K, got \"{}\"", text));
  }
  return {index, count};
}

void run_command(RunArgs a, const CLI::App& cmd) {
  if (a.target_rel_ci > 0.0) {
    a.target.relative_half_width = a.target_rel_ci;
    a.study.target = a.target;
  }
#ifdef CHOKEPOINT_HAVE_MPI
  if (launched_by_mpi() && mpi_session().size() > 1) {
    if (!a.shard.empty() || !a.checkpoint.empty() || !a.resume.empty()) {
      throw InputError("under MPI, --shard, --checkpoint and --resume are not available (the ranks already split the study)");
    }
    const auto outcome = run_study_mpi(a.file, a.policy, a.stress, a.importance, a.study, a.out, command_line());
    if (!outcome) return;  // ranks other than 0 print nothing
    const std::string& dir = outcome->out_dir;
    fmt::print("{}", a.quiet ? dir + "/results.json\n" : format_summary(outcome->id, outcome->stats, outcome->record, dir));
    return;
  }
#endif
  // Resuming: what the checkpoint was made with, unless given again (then it must match).
  std::optional<StudyStateFile> resume;
  std::unique_ptr<SelectedModel> selected;
  if (!a.resume.empty()) {
    resume = read_state_file(a.resume);
    const StudyOptions saved = options_of(*resume);
    if (cmd.count("--scenarios") == 0) a.study.scenarios = saved.scenarios;
    if (cmd.count("--seed") == 0) a.study.seed = saved.seed;
    if (cmd.count("--batches") == 0) a.study.batches = saved.batches;
    if (cmd.count("--top-k") == 0) a.study.top_k = saved.top_k;
    if (cmd.count("--policy") == 0) a.policy = resume->key.policy;
    if (cmd.count("--stress") == 0) a.stress = resume->key.stress_test;
    if (cmd.count("--importance") == 0) a.importance = resume->key.importance;
    if (a.file.empty()) {
      a.file = resume->model_file;
      selected = select_model(load_scenario_text(resume->model_file, resume->model_text), a.policy, a.stress,
                              a.importance);
    }
  }
  if (a.file.empty()) throw InputError("run: a scenario file is required (or --resume CHECKPOINT)");
  if (!selected) selected = select_model(a.file, a.policy, a.stress, a.importance);
  const std::string out = a.out.empty() ? default_out_dir(*selected) : a.out;
  ProgressBar progress(!a.quiet && ProgressBar::stderr_is_terminal());
  const ProgressFn show = [&](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };

  if (!a.shard.empty()) {
    const auto [index, count] = parse_shard(a.shard);
    ensure_output_directory(out);
    const std::string part = fmt::format("{}/shard-{}-of-{}.part", out, index, count);
    run_shard(*selected, a.file, a.study, index, count, part, show);
    progress.finish();
    fmt::print("{}\n", part);
    return;
  }

  CheckpointOptions checkpoints;
  checkpoints.path = a.checkpoint;
  checkpoints.every_seconds = a.checkpoint_every;
  checkpoints.stop = &stop_requested_by_signal();
  checkpoints.resume = resume ? &*resume : nullptr;
  if (!a.resume.empty() && checkpoints.path.empty()) checkpoints.path = a.resume;
  // A run to a precision target grows in rounds and is not checkpointed.
  const CheckpointOptions* with_checkpoints = a.study.target ? nullptr : &checkpoints;
  const StudyOutcome outcome = run_study_to_folder(*selected, a.file, a.study, out, show, command_line(), with_checkpoints);
  progress.finish();
  if (a.quiet) {
    fmt::print("{}/results.json\n", out);
    return;
  }
  if (!outcome.backend_note.empty()) fmt::print(stderr, "note: {}\n", outcome.backend_note);
  fmt::print("{}", format_summary(outcome.id, outcome.stats, outcome.record, out));
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a study: N scenarios of a model, with statistics written to a folder");
  cmd->footer(
      "Writes results.json (identical for the same model, seed and N on any backend, thread count or chunk size),\n"
      "manifest.json (how the run went: backend, time, hardware) and CSV tables: quantiles, exceedance curves,\n"
      "fan charts, worst scenarios and tail attribution. A progress line is shown on a terminal.");
  cmd->add_option("scenario", args->file, "Scenario file (chokepoint/1 JSON); optional with --resume");
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
  cmd->add_option("--importance", args->importance,
                  "Rare-event sampling: raise event start rates in sampling and weight each scenario by its "
                  "likelihood ratio. \"auto\" raises every event expected to start < 0.2 times over the horizon "
                  "(by at most 100x), or give EVENT=FACTOR,... (factors >= 1); see docs/RESULTS.md");
  cmd->add_option("--chunk-size", args->study.chunk_size,
                  "Scenarios per chunk (tuning only: results never depend on it; default from N)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 32));
  cmd->add_option("--top-k", args->study.top_k,
                  "Largest values kept exactly per output (default: 5% of N + 1, at most 16384); VaR/CVaR at level "
                  "a are exact when top-k >= N(1-a)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  cmd->add_option("--target-rel-ci", args->target_rel_ci,
                  "Keep adding scenarios (doubling, from -n) until the 95% interval of --target-statistic of "
                  "--target-metric is within this fraction of its estimate, e.g. 0.01")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-n", args->target.max_scenarios, "With --target-rel-ci: at most this many scenarios (default 100 x -n)");
  cmd->add_option("--target-metric", args->target.metric, "With --target-rel-ci: the output (default loss_total)");
  cmd->add_option("--target-statistic", args->target.statistic,
                  "With --target-rel-ci: mean, var95, var99, cvar95 or cvar99 (default cvar99)");
  cmd->add_option("--batches", args->study.batches,
                  "Scenario-index batches for batch-means intervals (default 32; part of the study's identity)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary; print only the results path");
  cmd->add_option("--shard", args->shard,
                  "Run only shard I of K (\"2/8\"): the study's batches in K parts, for batch job arrays; writes "
                  "OUT/shard-I-of-K.part for `chokepoint merge`");
  cmd->add_option("--checkpoint", args->checkpoint, "Save the run to this file as it goes (atomically), for --resume");
  cmd->add_option("--checkpoint-every", args->checkpoint_every, "Seconds between checkpoints (default 60)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--resume", args->resume,
                  "Continue a run from its checkpoint (Ctrl-C and SIGTERM save one to OUT/checkpoint.state); the "
                  "results are the same as those of an uninterrupted run");
  cmd->callback([args, cmd] { run_command(*args, *cmd); });
}

}  // namespace chokepoint::cli
