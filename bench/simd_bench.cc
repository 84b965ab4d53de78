// The CPU backend's SIMD targets side by side (host/run/cpu_simd.cc): node-
// weeks per second, statistics included, per model, target and thread count,
// with "off" the scalar model. Run with --benchmark_filter=Simd/ so that the
// targets of one model are measured in one run under the same load.
//   Simd/MODEL/TARGET/threads:T
#include <fmt/format.h>

#include <functional>

#include "bench_models.hh"
#include "cpu_simd.hh"

namespace chokepoint::bench {

namespace {

struct SimdModel {
  std::string label;
  std::function<const CompiledModel&()> get;
};

const bool registered = [] {
  const std::vector<SimdModel> models = {
      {synthetic_label(60, 30, 104), []() -> const CompiledModel& { return synthetic_model(60, 30, 104); }},
      {"strategic_industries", []() -> const CompiledModel& { return file_model("strategic_industries.json"); }},
      {synthetic_label(1000, 500, 104), []() -> const CompiledModel& { return synthetic_model(1000, 500, 104); }},
  };
  std::vector<std::string> targets = {"off"};
  for (const std::string& t : available_simd_targets()) targets.push_back(t);
  for (const SimdModel& m : models) {
    for (const std::string& target : targets) {
      for (const int threads : {1, 2}) {
        benchmark::RegisterBenchmark(fmt::format("Simd/{}/{}/threads:{}", m.label, target, threads).c_str(),
                                     [m, target, threads](benchmark::State& state) {
                                       force_simd_target(target);
                                       const CompiledModel& model = m.get();
                                       time_studies(state, model, scenarios_for(model, kNodeWeeksPerStudy, 256),
                                                    "cpu", threads);
                                       force_simd_target("");
                                     })
            ->Unit(benchmark::kMillisecond)
            ->MeasureProcessCPUTime()
            ->UseRealTime();
      }
    }
  }
  return true;
}();

}  // namespace

}  // namespace chokepoint::bench
