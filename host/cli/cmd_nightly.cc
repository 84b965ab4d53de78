// chokepoint nightly: the pieces of scripts/nightly that need the engine:
// the plan of runs, the night-to-night comparison, the history and index of
// nights, and the history as CSV.
#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "atomic_file.hh"
#include "commands.hh"
#include "json_writer.hh"
#include "night_diff.hh"
#include "night_history.hh"
#include "night_index.hh"
#include "nightly_config.hh"

namespace chokepoint::cli {

namespace {

struct DiffArgs {
  std::string previous, current, config, out;
};

struct IndexArgs {
  std::string folder;
  std::optional<std::size_t> keep;
};

struct HistoryArgs {
  std::string folder, out;
};

void plan_command(const std::string& config_path) {
  // Tab-separated for the script: file, scenarios, seed, compare folder.
  for (const nightly::PlannedModel& m : nightly::plan_nightly_models(nightly::read_nightly_config(config_path))) {
    fmt::print("{}\t{}\t{}\t{}\n", m.model_file, m.scenarios, m.seed, m.folder);
  }
}

void diff_command(const DiffArgs& a) {
  const nightly::NightlyConfig config = nightly::read_nightly_config(a.config);
  const nightly::NightDiff d =
      nightly::diff_nights(nightly::read_night(a.previous), nightly::read_night(a.current), config);
  const std::string text = nightly::night_diff_markdown(d);
  if (!a.out.empty()) {
    ensure_output_directory(a.out);
    const std::filesystem::path out(a.out);
    write_file_atomically((out / "diff.md").string(), text);
    write_file_atomically((out / "diff.json").string(), to_pretty_json(nightly::night_diff_json(d)));
  }
  fmt::print("{}", text);
  exit_status() = d.exit_status();
}

}  // namespace

void add_nightly_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("nightly", "Pieces of the nightly stress-test suite (used by scripts/nightly)");
  cmd->require_subcommand(1);

  auto config = std::make_shared<std::string>();
  CLI::App* plan =
      cmd->add_subcommand("plan", "List the models of the suite with their sizes, checking each model file");
  plan->add_option("config", *config, "Nightly config (scripts/nightly.json)")->required();
  plan->callback([config] { plan_command(*config); });

  auto args = std::make_shared<DiffArgs>();
  CLI::App* diff = cmd->add_subcommand("diff", "Compare two nights; exit status 3 if risk increased beyond the noise, 4 if a number moved without cause");
  diff->footer(
      "Matches the studies of the two nights by model, policy and stress test and compares the statistics the\n"
      "config names. A change is flagged only when it exceeds both the Monte Carlo noise (from the results'\n"
      "confidence intervals, or 1.96 standard errors; widened so that the night's comparisons together flag\n"
      "noise with probability at most 1 - confidence) and the relative threshold. Differences in the run\n"
      "manifests (model file SHA-256, code version, sizes, machine) are listed, and the flagged changes are\n"
      "grouped by what changed in their study's inputs, one line per cause. A number that moved beyond the noise\n"
      "in a study none of whose inputs changed is a reproducibility failure.\n"
      "Exit status: 0 no flagged increase, 3 risk increased, 4 reproducibility failure, 2 bad input,\n"
      "1 unwritable output.");
  diff->add_option("previous", args->previous, "The previous night's folder")->required();
  diff->add_option("current", args->current, "This night's folder")->required();
  diff->add_option("--config", args->config, "Nightly config (thresholds)")->required();
  diff->add_option("--out", args->out, "Also write diff.md and diff.json into this folder");
  diff->callback([args] { diff_command(*args); });

  auto index_args = std::make_shared<IndexArgs>();
  CLI::App* index = cmd->add_subcommand(
      "index", "Update history.json and write index.html (trend charts, every night) in a nightly output folder");
  index->footer(
      "history.json remembers every night's status and each model's headline numbers, so the trend charts\n"
      "keep nights whose folders --keep has deleted.");
  index->add_option("folder", index_args->folder, "The nightly output folder")->required()->check(CLI::ExistingDirectory);
  index->add_option("--keep", index_args->keep, "Delete all but the newest N night folders (their numbers stay)")
      ->check(CLI::PositiveNumber);
  index->callback([index_args] {
    nightly::update_night_index(index_args->folder, index_args->keep);
    fmt::print("{}\n", (std::filesystem::path(index_args->folder) / "index.html").string());
  });

  auto history_args = std::make_shared<HistoryArgs>();
  CLI::App* history = cmd->add_subcommand(
      "history", "CSV of the headline numbers per night and model, oldest first, for your own plots");
  history->footer(
      "Columns: night, status, model, unit, scenarios, seed, model_sha256, code_version, machine_class,\n"
      "inputs_changed (since the model's previous night), and loss_total's mean, cvar99 and p_positive, each\n"
      "with its 95% interval (_lo, _hi; empty where there is none).");
  history->add_option("folder", history_args->folder, "The nightly output folder")
      ->required()
      ->check(CLI::ExistingDirectory);
  history->add_option("--out", history_args->out, "Write the CSV to this file instead of printing it");
  history->callback([history_args] {
    const std::string csv = nightly::history_csv(nightly::read_history(history_args->folder));
    if (history_args->out.empty()) {
      fmt::print("{}", csv);
    } else {
      write_file_atomically(history_args->out, csv);
    }
  });
}

}  // namespace chokepoint::cli
