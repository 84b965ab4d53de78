// Throughput in node-weeks per second (scenarios x nodes x weeks / wall
// second, statistics included) per model, backend and thread count: the
// bundled strategic_industries.json and synthetic models of 10 to 1000
// nodes (events = nodes / 2, as in the 60-node reference model of the
// NumPy comparison, `synth --nodes 60 --events 30 --weeks 104`).
//   Throughput/MODEL/BACKEND/threads:T
#include <fmt/format.h>

#include <functional>

#include "bench_models.hh"

namespace chokepoint::bench {

namespace {

struct ModelChoice {
  std::string label;
  std::function<const CompiledModel&()> get;
};

std::vector<ModelChoice> throughput_models() {
  std::vector<ModelChoice> models = {{"strategic_industries", []() -> const CompiledModel& { return file_model("strategic_industries.json"); }}};
  for (const std::int32_t nodes : {10, 60, 100, 1000}) {
    models.push_back({synthetic_label(nodes, nodes / 2, 104),
                      [nodes]() -> const CompiledModel& { return synthetic_model(nodes, nodes / 2, 104); }});
  }
  return models;
}

const bool registered = [] {
  for (const ModelChoice& m : throughput_models()) {
    for (const std::string& backend : backends()) {
      for (const int threads : thread_counts()) {
        benchmark::RegisterBenchmark(fmt::format("Throughput/{}/{}/threads:{}", m.label, backend, threads).c_str(),
                                     [m, backend, threads](benchmark::State& state) {
                                       const CompiledModel& model = m.get();
                                       time_studies(state, model, scenarios_for(model, kNodeWeeksPerStudy, 256),
                                                    backend, threads);
                                     })
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
      }
    }
  }
  return true;
}();

}  // namespace

}  // namespace chokepoint::bench
