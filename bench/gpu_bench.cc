// GPU throughput in node-weeks per second, with and without the on-device
// accumulation of statistics (the accumulation should cost under 10%).
// One CUDA backend per benchmark serves every run (its buffers, sized for
// the first run, are reused), and each run hands it all its scenarios in one
// call, so launches are as large as --chunks allows. The CUDA backend returns
// only after its last launch is merged, so the timed region ends with the
// device synchronised; a first untimed run (context, model upload, buffers)
// is excluded by timing manually.
//   chokepoint_gpu_bench [--benchmark_filter=...] [--scenarios=N] [--chunks=C,...]
//                        [--iterations=I] [MODEL.json ...]
// --scenarios: per run (default about 2e10 node-weeks); --chunks: scenarios
// per launch at most, one benchmark each (default 0: the backend's own,
// eight waves of the blocks the device holds at once); --iterations: timed
// runs (default 3). Benchmarks are
// named cuda/FILE/accumulate|no_accumulate/chunk:C, FILE without ".json".
// Without model files it uses scenarios/demo.json and strategic_industries.json.
// Exit status 1 when any benchmark could not run (no usable device).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backend.hh"
#include "compiled_model.hh"
#include "scenario_loader.hh"

namespace {

using namespace chokepoint;

// Small enough that the backend's warm-up piece (2 x top-K scenarios, every
// value a candidate) is a negligible part of a run.
constexpr std::size_t kTopK = 1000;

bool any_failed = false;

struct Case {
  const CompiledModel* model = nullptr;
  std::uint64_t scenarios = 0;
  std::uint32_t chunk = 0;
  bool accumulate = true;
};

void run_cuda(benchmark::State& state, const Case& c) {
  const AccumulatorShape shape = AccumulatorShape::of(*c.model, kTopK);
  BackendOptions options;
  options.name = "cuda";
  options.seed = 1;
  options.accumulate = c.accumulate;
  options.max_device_chunk = c.chunk;
  std::unique_ptr<Backend> backend;
  try {
    backend = make_backend(*c.model, shape, options);
    StudyAccumulator warm_up(shape);
    backend->run(0, c.scenarios, warm_up);
  } catch (const std::exception& e) {
    any_failed = true;
    state.SkipWithError(e.what());
    return;
  }
  for (auto _ : state) {
    StudyAccumulator into(shape);
    const auto start = std::chrono::steady_clock::now();
    backend->run(0, c.scenarios, into);
    const auto stop = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(into.count());
    state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
  }
  const double node_weeks = static_cast<double>(c.scenarios) * c.model->sizes().n_nodes * c.model->weeks();
  state.counters["node_weeks_per_s"] = benchmark::Counter(node_weeks, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["scenarios_per_s"] =
      benchmark::Counter(static_cast<double>(c.scenarios), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = c.model->sizes().n_nodes;
  state.counters["events"] = c.model->sizes().n_events;
  state.counters["weeks"] = c.model->weeks();
  state.counters["chunk"] = c.chunk;
}

/// "--name=value" -> value, or "" when `arg` is not that option.
std::string option_value(const std::string& arg, const std::string& name) {
  const std::string prefix = "--" + name + "=";
  return arg.rfind(prefix, 0) == 0 ? arg.substr(prefix.size()) : "";
}

std::vector<std::uint32_t> parse_chunks(const std::string& list) {
  std::vector<std::uint32_t> chunks;
  std::size_t at = 0;
  while (at <= list.size()) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    chunks.push_back(static_cast<std::uint32_t>(std::stoul(list.substr(at, comma - at))));
    at = comma + 1;
  }
  return chunks;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::string> files;
  std::uint64_t scenarios = 0;
  std::vector<std::uint32_t> chunks = {0};
  int iterations = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (const std::string v = option_value(arg, "scenarios"); !v.empty()) {
      scenarios = std::stoull(v);
    } else if (const std::string c = option_value(arg, "chunks"); !c.empty()) {
      chunks = parse_chunks(c);
    } else if (const std::string n = option_value(arg, "iterations"); !n.empty()) {
      iterations = std::stoi(n);
    } else {
      files.push_back(arg);
    }
  }
  if (files.empty()) {
    files = {std::string(CHOKEPOINT_SOURCE_DIR) + "/scenarios/demo.json",
             std::string(CHOKEPOINT_SOURCE_DIR) + "/scenarios/strategic_industries.json"};
  }
  std::vector<std::unique_ptr<CompiledModel>> models;
  for (const std::string& file : files) {
    const LoadedScenario loaded = load_scenario(file);
    models.push_back(std::make_unique<CompiledModel>(CompiledModel::compile(loaded.scenario)));
    const CompiledModel* model = models.back().get();
    // By default about 2e10 node-weeks per run: seconds on a large GPU, far past launch overheads.
    const double per_scenario = static_cast<double>(model->sizes().n_nodes) * model->weeks();
    const std::uint64_t n = scenarios > 0 ? scenarios : static_cast<std::uint64_t>(2e10 / per_scenario);
    const std::string stem = std::filesystem::path(file).stem().string();
    for (const bool accumulate : {true, false}) {
      for (const std::uint32_t chunk : chunks) {
        const std::string name =
            "cuda/" + stem + (accumulate ? "/accumulate" : "/no_accumulate") + "/chunk:" + std::to_string(chunk);
        benchmark::RegisterBenchmark(name.c_str(), run_cuda, Case{model, n, chunk, accumulate})
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond)
            ->Iterations(iterations);
      }
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return any_failed ? 1 : 0;
}
