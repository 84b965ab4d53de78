// chokepoint compare: the baseline, policies and stress tests on the same
// scenarios, with paired differences and cost-effectiveness.
#include <fmt/format.h>

#include "atomic_file.hh"
#include "commands.hh"
#include "comparison_output.hh"
#include "json_writer.hh"
#include "model_selection.hh"
#include "progress.hh"
#include "study_comparison.hh"

namespace chokepoint::cli {

namespace {

struct CompareArgs {
  std::string file;
  StudyOptions study;
  std::string out;
  std::string policies;  // "all", "none" or ids separated by commas
  std::string stress;
  std::string importance;
  bool quiet = false;
};

void compare_command(const CompareArgs& a) {
  const LoadedScenario loaded = load_scenario(a.file);
  const ComparisonSelection selection = select_comparison(loaded, a.policies, a.stress);
  const std::string out = a.out.empty() ? "results/" + loaded.scenario.name + "-compare" : a.out;
  ensure_output_directory(out);
  const std::uint64_t runs = 1 + selection.policies.size() + selection.stress_tests.size();
  ProgressBar bar(!a.quiet && ProgressBar::stderr_is_terminal());
  std::uint64_t finished_runs = 0;
  const ProgressFn progress = [&](std::uint64_t done, std::uint64_t total) {
    bar.update(finished_runs * total + done, runs * total);
  };
  const ComparisonRun run_one = [&](const std::string& policy, const std::string& stress, const std::string& folder) {
    const auto selected = select_model(a.file, policy, stress, a.importance);
    StudyOutcome outcome = run_study_to_folder(*selected, a.file, a.study, out + "/" + folder, progress, command_line());
    ++finished_runs;
    return outcome;
  };
  const ComparisonOutcome result = run_comparison(loaded, selection, run_one);
  bar.finish();

  const StudyOutcome& baseline = result.baseline;
  write_file_atomically(out + "/comparison.csv", comparison_csv(result.comparisons));
  write_file_atomically(out + "/comparison.json", to_pretty_json(comparison_json(baseline.id, result.comparisons)));
  if (a.quiet) {
    fmt::print("{}/comparison.json\n", out);
    return;
  }
  if (!baseline.backend_note.empty()) fmt::print(stderr, "note: {}\n", baseline.backend_note);
  fmt::print("{}\nResults: {}/comparison.json (and comparison.csv; each run's folder: baseline, policy-ID, stress-ID)\n",
             comparison_table(baseline.id, result.comparisons), out);
}

}  // namespace

void add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Compare policies and stress tests with the baseline on the same scenarios (paired differences)");
  cmd->footer(
      "Runs the baseline and each selected policy and stress test with the same seed and scenarios (common random\n"
      "numbers), writes each run's folder under OUT, and OUT/comparison.json and comparison.csv: for loss_total and\n"
      "each sector, the difference to the baseline in mean and CVaR 0.99 with 95% intervals (paired batch means),\n"
      "and for policies with an annual_cost the loss reduction per unit of cost, ranked.\n"
      "Without --policies and --stress, every policy and every stress test is compared.");
  cmd->add_option("scenario", args->file, "Scenario file")->required();
  cmd->add_option("--policies", args->policies, "all, none, or policy ids separated by commas");
  cmd->add_option("--stress", args->stress, "all, none, or stress-test ids separated by commas");
  cmd->add_option("-n,--scenarios", args->study.scenarios, "Scenarios per run")
      ->default_val(100000)
      ->check(CLI::Range(std::uint64_t{1}, kMaxScenarios));
  cmd->add_option("--seed", args->study.seed, "Seed, shared by every run")->default_val(1);
  cmd->add_option("--threads", args->study.backend.threads, "CPU threads (default: all)")->check(CLI::Range(1, 4096));
  cmd->add_option("--backend", args->study.backend.name, "auto, cpu, cuda or kokkos (as built)")->default_val("auto");
  cmd->add_option("--batches", args->study.batches, "Batches for the intervals (scenario-index ranges)")
      ->default_val(kDefaultBatches)
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1} << 20));
  cmd->add_option("--importance", args->importance,
                  "Rare-event sampling for every run: auto or EVENT=FACTOR,... (as for run; with auto each run's "
                  "factors come from its own model)");
  cmd->add_option("--out", args->out, "Output folder (default: results/<model name>-compare)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no table; print only the comparison path");
  cmd->callback([args] { compare_command(*args); });
}

}  // namespace chokepoint::cli
