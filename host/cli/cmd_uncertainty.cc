// chokepoint uncertainty: tornado, Sobol' indices or policy robustness over
// the file's uncertain factors (docs/UNCERTAINTY.md).
#include <fmt/format.h>

#include "atomic_file.hh"
#include "commands.hh"
#include "diagnostics.hh"
#include "progress.hh"
#include "scenario_loader.hh"
#include "uncertainty_output.hh"

namespace chokepoint::cli {

namespace {

struct UncertaintyArgs {
  std::string file;
  UncertaintyOptions options;
  std::string out;
  bool quiet = false;
};

void uncertainty_command(const UncertaintyArgs& a) {
  const LoadedScenario loaded = load_scenario(a.file);
  const std::string out = a.out.empty() ? "results/" + loaded.scenario.name + "-" + a.options.method : a.out;
  ProgressBar bar(!a.quiet && ProgressBar::stderr_is_terminal());
  const UncertaintyResults results =
      run_uncertainty(loaded, a.options, [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
  bar.finish();
  ensure_output_directory(out);
  write_uncertainty_outputs(out, results);
  if (a.quiet) {
    fmt::print("{}/uncertainty.json\n", out);
    return;
  }
  if (!results.backend_note.empty()) fmt::print(stderr, "note: {}\n", results.backend_note);
  fmt::print("{}", uncertainty_summary(results, out));
}

}  // namespace

void add_uncertainty_command(CLI::App& app) {
  auto args = std::make_shared<UncertaintyArgs>();
  UncertaintyOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand(
      "uncertainty", "How results and the policy ranking depend on the file's uncertain assumptions (\"uncertain\")");
  cmd->footer(
      "Methods (docs/UNCERTAINTY.md):\n"
      "  tornado     each factor at its low and high end (quantiles 0.05 and 0.95), the others at base: 2D+1\n"
      "              points of -n scenarios, all on the same scenarios; differences with paired 95% intervals.\n"
      "  sobol       first-order and total Sobol' indices of the statistic, noise-corrected, with bootstrap 95%\n"
      "              intervals, from a Saltelli design of --rows rows (D+2 points each, sharing the row's\n"
      "              scenarios; rows use independent scenarios), and the epistemic band (mean, P5, P50, P95\n"
      "              of the statistic across factor draws) with the noise-to-signal ratio.\n"
      "  robustness  at each of --draws factor draws, the baseline and every policy on the same scenarios:\n"
      "              P(best) of each candidate (\"do nothing\" included) with its interval, mean and P90 regret,\n"
      "              the expected value of perfect information, and the share of draws decided by noise.\n"
      "              Net benefit is the expected loss_total reduction minus annual_cost * horizon_weeks / 52.\n"
      "Writes OUT/uncertainty.json (byte-identical for the same file, seed and options on every backend and\n"
      "thread count) and OUT/METHOD.csv, and prints a summary.");
  cmd->add_option("scenario", args->file, "Scenario file with an \"uncertain\" array")->required();
  cmd->add_option("--method", o.method, "tornado, sobol or robustness")
      ->default_val("tornado")
      ->check(CLI::IsMember({"tornado", "sobol", "robustness"}));
  cmd->add_option("-n,--scenarios", o.point.scenarios, "Scenarios per point (each tornado point is a study of this size)")
      ->default_val(10000)
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1} << 40));
  cmd->add_option("--rows", o.rows, "Sobol' design rows N (powers of two balance the design best)")
      ->default_val(64)
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1} << 20));
  cmd->add_option("--draws", o.draws, "Robustness factor draws J")
      ->default_val(64)
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20));
  cmd->add_option("--seed", o.seed, "Seed of the scenarios, the design and the bootstrap")->default_val(1);
  cmd->add_option("--threads", o.point.backend.threads, "CPU threads (default: all)")->check(CLI::Range(1, 4096));
  cmd->add_option("--backend", o.point.backend.name, "auto, cpu, cuda or kokkos (as built)")->default_val("auto");
  cmd->add_option("--metric", o.metric, "Output whose statistic is analysed (tornado, sobol)")->default_val("loss_total");
  cmd->add_option("--statistic", o.statistic, "mean or cvar99 (tornado, sobol)")
      ->default_val("mean")
      ->check(CLI::IsMember({"mean", "cvar99"}));
  cmd->add_option("--low-quantile", o.low_quantile, "A factor's low end (tornado)")->default_val(0.05);
  cmd->add_option("--high-quantile", o.high_quantile, "A factor's high end (tornado)")->default_val(0.95);
  cmd->add_option("--batches", o.point.batches, "Batches per point, for the paired intervals and the noise estimates")
      ->default_val(kDefaultBatches)
      ->check(CLI::Range(std::uint64_t{2}, std::uint64_t{1} << 20));
  cmd->add_option("--bootstrap", o.bootstrap_samples, "Bootstrap resamplings of the rows for the Sobol' intervals")
      ->default_val(1000)
      ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 20));
  cmd->add_option("--out", args->out, "Output folder (default: results/<model name>-<method>)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary; print only the uncertainty.json path");
  cmd->callback([args] { uncertainty_command(*args); });
}

}  // namespace chokepoint::cli
