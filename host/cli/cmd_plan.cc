// chokepoint plan: how long and how much memory a study will take, from a
// short calibration run and the model's size, before a long study starts.
#include <omp.h>

#include <fmt/format.h>

#include <algorithm>

#include "commands.hh"
#include "hardware.hh"
#include "model_selection.hh"
#include "number_format.hh"
#include "resource_estimate.hh"
#include "study_runner.hh"

namespace chokepoint::cli {

namespace {

struct PlanArgs {
  std::string file, policy, stress;
  StudyOptions study;
  double calibration_seconds = 2.0;
};

void plan_command(const PlanArgs& a) {
  const auto selected = select_model(a.file, a.policy, a.stress);
  const CompiledModel& model = selected->model;
  const int threads = a.study.backend.threads > 0 ? a.study.backend.threads : omp_get_max_threads();

  // Calibrate with two short studies, the second four times the first and
  // long enough to time, and fit time = fixed + n / rate: the fixed part
  // (setup, per-batch work) does not grow with n.
  StudyOptions probe = a.study;
  probe.target.reset();
  probe.scenarios = 1024;
  StudyRun small = run_study(model, probe, nullptr);
  std::uint64_t small_n = probe.scenarios;
  StudyRun large = small;
  std::uint64_t large_n = small_n;
  do {
    small = large;
    small_n = large_n;
    probe.scenarios = large_n * 4;
    large = run_study(model, probe, nullptr);
    large_n = probe.scenarios;
  } while (large.wall_seconds < a.calibration_seconds / 2 && large_n < a.study.scenarios);
  const double per_scenario = std::max(1e-12, (large.wall_seconds - small.wall_seconds) / static_cast<double>(large_n - small_n));
  const double fixed = std::max(0.0, small.wall_seconds - per_scenario * static_cast<double>(small_n));
  const double rate = 1.0 / per_scenario;
  const double node_weeks = static_cast<double>(model.sizes().n_nodes) * model.weeks();
  const double seconds = fixed + static_cast<double>(a.study.scenarios) * per_scenario;
  const MemoryEstimate memory = estimate_memory(model, a.study, threads);
  const HardwareInfo hw = read_hardware_info();

  fmt::print("{}: {} nodes x {} weeks, {} events, {} outputs\n", selected->scenario.name, model.sizes().n_nodes,
             model.weeks(), model.sizes().n_events, model.metrics().size());
  fmt::print("calibration on {} ({}): {} scenarios in {:.2f} s, {} in {:.2f} s: {} scenarios/s ({} node-weeks/s) "
             "plus {:.2f} s fixed\n",
             large.backend, large.backend_description, format_count(small_n), small.wall_seconds, format_count(large_n),
             large.wall_seconds, format_amount(rate), format_amount(rate * node_weeks), fixed);
  fmt::print("{} scenarios: about {} ({} s)\n", format_count(a.study.scenarios),
             seconds < 120 ? fmt::format("{:.0f} seconds", seconds)
                           : (seconds < 7200 ? fmt::format("{:.1f} minutes", seconds / 60)
                                             : fmt::format("{:.1f} hours", seconds / 3600)),
             format_amount(seconds));
  fmt::print("memory: about {} MiB ({} MiB per accumulator x {} for {} threads, the batch and the total); "
             "it does not grow with the number of scenarios\n",
             format_count(memory.total >> 20), format_amount(static_cast<double>(memory.per_accumulator) / (1 << 20)),
             memory.accumulators, threads);
  if (memory.device_mirrors > 0) {
    fmt::print("  of which {} MiB are host copies of two CUDA launches (pinned accumulators, candidate lists)\n",
               format_count(memory.device_mirrors >> 20));
  }
  if (hw.available_bytes > 0) {
    fmt::print("this machine has {} MiB available{}\n", format_count(hw.available_bytes >> 20),
               memory.total > hw.available_bytes ? ": NOT ENOUGH, use fewer --threads or a smaller --top-k" : "");
  }
}

}  // namespace

void add_plan_command(CLI::App& app) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand("plan", "Estimate a study's time and memory before running it");
  cmd->footer("Times a short calibration run on the chosen backend and scales it to N; memory comes from the model's\n"
              "size (histograms, top-K lists, fan charts), which does not grow with N.");
  cmd->add_option("scenario", args->file, "Scenario file")->required();
  cmd->add_option("-n,--scenarios", args->study.scenarios, "Scenarios of the planned study")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, kMaxScenarios));
  cmd->add_option("--backend", args->study.backend.name, "auto, cpu, cuda or kokkos (as built)")->default_val("auto");
  cmd->add_option("--threads", args->study.backend.threads, "CPU threads (default: all)")->check(CLI::Range(1, 4096));
  cmd->add_option("--top-k", args->study.top_k, "As for run")->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  cmd->add_option("--policy", args->policy, "Plan the model with this policy");
  cmd->add_option("--stress", args->stress, "Plan the model with this stress test");
  cmd->add_option("--calibration-seconds", args->calibration_seconds, "Time to spend calibrating (default 2)")
      ->check(CLI::Range(0.1, 600.0));
  cmd->callback([args] { plan_command(*args); });
}

}  // namespace chokepoint::cli
