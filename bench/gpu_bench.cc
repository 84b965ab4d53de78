// GPU throughput in node-weeks per second, with and without the on-device
// accumulation of statistics (the accumulation should cost under 10%).
// The CUDA backend returns only after its last chunk is merged, so the
// timed region ends with the device synchronised; the first iteration
// (context creation, model upload) is excluded by timing manually.
//   chokepoint_gpu_bench [--benchmark_filter=...] [MODEL.json ...]
// Without model files it uses scenarios/demo.json and strategic_industries.json.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "compiled_model.hh"
#include "cuda/cuda_runner.hh"
#include "scenario_loader.hh"
#include "study_runner.hh"

namespace {

using namespace chokepoint;

void run_cuda(benchmark::State& state, const CompiledModel* model, std::uint64_t scenarios, bool accumulate) {
  if (cuda_devices().empty()) {
    state.SkipWithError("no CUDA device visible");
    return;
  }
  StudyOptions options;
  options.scenarios = scenarios;
  options.backend.name = "cuda";
  options.backend.accumulate = accumulate;
  run_study(*model, options, nullptr);  // warm-up: context, model upload, allocation
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const StudyRun run = run_study(*model, options, nullptr);
    const auto stop = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(run.accumulator.count());
    state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
  }
  const double node_weeks = static_cast<double>(scenarios) * model->sizes().n_nodes * model->weeks();
  state.counters["node_weeks_per_s"] = benchmark::Counter(node_weeks, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["scenarios_per_s"] =
      benchmark::Counter(static_cast<double>(scenarios), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = model->sizes().n_nodes;
  state.counters["events"] = model->sizes().n_events;
  state.counters["weeks"] = model->weeks();
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) files.emplace_back(argv[i]);
  if (files.empty()) {
    files = {std::string(CHOKEPOINT_SOURCE_DIR) + "/scenarios/demo.json",
             std::string(CHOKEPOINT_SOURCE_DIR) + "/scenarios/strategic_industries.json"};
  }
  std::vector<std::unique_ptr<CompiledModel>> models;
  for (const std::string& file : files) {
    const LoadedScenario loaded = load_scenario(file);
    models.push_back(std::make_unique<CompiledModel>(CompiledModel::compile(loaded.scenario)));
    const CompiledModel* model = models.back().get();
    // About 2e10 node-weeks per run: several seconds on a large GPU, far past launch overheads.
    const double per_scenario = static_cast<double>(model->sizes().n_nodes) * model->weeks();
    const auto scenarios = static_cast<std::uint64_t>(2e10 / per_scenario);
    for (const bool accumulate : {true, false}) {
      benchmark::RegisterBenchmark(("cuda/" + loaded.scenario.name + (accumulate ? "/accumulate" : "/no_accumulate")).c_str(),
                                   run_cuda, model, scenarios, accumulate)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond)
          ->Iterations(3);
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
