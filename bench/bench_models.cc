#include "bench_models.hh"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "scenario_loader.hh"
#include "study_runner.hh"
#include "synth/synthetic_model.hh"

namespace chokepoint::bench {

namespace {

/// Compiled models by label, built once; benchmarks run one at a time, so
/// no lock. Held by pointer: a model's view points into its own arrays.
std::map<std::string, std::unique_ptr<CompiledModel>>& cache() {
  static std::map<std::string, std::unique_ptr<CompiledModel>> models;
  return models;
}

const CompiledModel& keep(const std::string& label, const LoadedScenario& loaded) {
  auto& slot = cache()[label];
  slot = std::make_unique<CompiledModel>(CompiledModel::compile(loaded.scenario));
  return *slot;
}

}  // namespace

const CompiledModel& file_model(const std::string& file) {
  const std::string label = file.substr(0, file.rfind('.'));
  if (const auto found = cache().find(label); found != cache().end()) return *found->second;
  return keep(label, load_scenario(std::string(CHOKEPOINT_SOURCE_DIR) + "/scenarios/" + file));
}

std::string synthetic_label(std::int32_t nodes, std::int32_t events, std::int32_t weeks) {
  return fmt::format("synth_n{}_e{}_w{}", nodes, events, weeks);
}

const CompiledModel& synthetic_model(std::int32_t nodes, std::int32_t events, std::int32_t weeks) {
  const std::string label = synthetic_label(nodes, events, weeks);
  if (const auto found = cache().find(label); found != cache().end()) return *found->second;
  return keep(label, load_scenario_text(label, synthetic_model_json(SynthOptions{nodes, events, weeks, 1})));
}

std::uint64_t scenarios_for(const CompiledModel& m, double node_weeks, std::uint64_t at_least) {
  const double per_scenario = static_cast<double>(m.sizes().n_nodes) * m.weeks();
  return std::max(at_least, static_cast<std::uint64_t>(node_weeks / per_scenario));
}

std::vector<std::string> backends() {
  const char* env = std::getenv("CHOKEPOINT_BENCH_BACKENDS");
  std::vector<std::string> names;
  std::istringstream list(env != nullptr && *env != '\0' ? env : "cpu");
  for (std::string name; std::getline(list, name, ',');) {
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

std::vector<int> thread_counts() {
  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  std::vector<int> counts;
  for (int t = 1; t < hardware; t *= 2) counts.push_back(t);
  counts.push_back(hardware);
  return counts;
}

void time_studies(benchmark::State& state, const CompiledModel& m, std::uint64_t scenarios, const std::string& backend,
                  int threads) {
  StudyOptions options;
  options.backend.name = backend;
  options.backend.threads = threads;
  options.scenarios = std::min<std::uint64_t>(scenarios, 256);
  run_study(m, options, nullptr);  // warm-up, untimed
  options.scenarios = scenarios;
  for (auto _ : state) {
    const StudyRun run = run_study(m, options, nullptr);
    benchmark::DoNotOptimize(run.accumulator.count());
  }
  const ModelView& sizes = m.sizes();
  const double node_weeks = static_cast<double>(scenarios) * sizes.n_nodes * sizes.n_weeks;
  state.counters["node_weeks_per_s"] = benchmark::Counter(node_weeks, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["scenarios_per_s"] =
      benchmark::Counter(static_cast<double>(scenarios), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["scenarios"] = static_cast<double>(scenarios);
  state.counters["nodes"] = sizes.n_nodes;
  state.counters["events"] = sizes.n_events;
  state.counters["weeks"] = sizes.n_weeks;
  state.counters["threads"] = threads;
}

}  // namespace chokepoint::bench
