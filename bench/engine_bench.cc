// Throughput of the CPU engine in node-weeks per second
// (scenarios x nodes x weeks / second), per model and thread count.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "compiled_model.hh"
#include "scenario_loader.hh"
#include "study_runner.hh"

namespace {

using namespace chokepoint;

struct Fixture {
  LoadedScenario loaded;
  CompiledModel model;
};

const Fixture& fixture(const std::string& file) {
  static std::map<std::string, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[file];
  if (!slot) {
    LoadedScenario loaded = load_scenario(std::string(CHOKEPOINT_SOURCE_DIR) + "/scenarios/" + file);
    CompiledModel model = CompiledModel::compile(loaded.scenario);
    slot = std::make_unique<Fixture>(Fixture{std::move(loaded), std::move(model)});
  }
  return *slot;
}

void run_cpu(benchmark::State& state, const std::string& file) {
  const Fixture& f = fixture(file);
  StudyOptions options;
  options.scenarios = static_cast<std::uint64_t>(state.range(1));
  options.backend.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const StudyRun run = run_study(f.model, options, nullptr);
    benchmark::DoNotOptimize(run.accumulator.count());
  }
  const double node_weeks = static_cast<double>(options.scenarios) * f.model.sizes().n_nodes * f.model.weeks();
  state.counters["node_weeks_per_s"] = benchmark::Counter(node_weeks, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["scenarios_per_s"] =
      benchmark::Counter(static_cast<double>(options.scenarios), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = f.model.sizes().n_nodes;
  state.counters["weeks"] = f.model.weeks();
}

void BM_CpuDemo(benchmark::State& state) { run_cpu(state, "demo.json"); }
void BM_CpuStrategicIndustries(benchmark::State& state) { run_cpu(state, "strategic_industries.json"); }

}  // namespace

// Arguments: threads, scenarios.
BENCHMARK(BM_CpuDemo)->Args({1, 20000})->Args({2, 20000})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CpuStrategicIndustries)->Args({1, 4000})->Args({2, 4000})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
