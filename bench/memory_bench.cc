// Peak memory of a study as the scenario count grows, for three model
// sizes, on every hardware thread. Meaningful only with one case per
// process (scripts/bench runs each with its own --benchmark_filter): after
// the model is loaded the process's high-water mark is reset (Linux
// /proc/self/clear_refs), so `study_peak_MiB` is the peak resident memory
// during the studies minus the resident memory with the model loaded.
//   PeakMemory/MODEL/BACKEND/scenarios:N
#include <fmt/format.h>

#include <fstream>
#include <string>

#include "bench_models.hh"

namespace chokepoint::bench {

namespace {

/// The line `key:` of /proc/self/status (VmRSS, VmHWM), in MiB; -1 where unavailable.
double status_mib(const std::string& key) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(key + ":", 0) == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;  // "VmHWM:   1234 kB"
  }
  return -1.0;
}

bool reset_peak() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  return static_cast<bool>(clear.flush());
}

struct Case {
  std::int32_t nodes, events, weeks;
  std::uint64_t scenarios;
};

const bool registered = [] {
  const std::vector<Case> list = {{10, 5, 52, 10000},   {10, 5, 52, 100000},  {10, 5, 52, 1000000},
                                  {60, 30, 104, 10000}, {60, 30, 104, 100000}, {1000, 500, 104, 1000},
                                  {1000, 500, 104, 3000}};
  for (const Case& c : list) {
    for (const std::string& backend : backends()) {
      benchmark::RegisterBenchmark(
          fmt::format("PeakMemory/{}/{}/scenarios:{}", synthetic_label(c.nodes, c.events, c.weeks), backend, c.scenarios)
              .c_str(),
          [c, backend](benchmark::State& state) {
            const CompiledModel& m = synthetic_model(c.nodes, c.events, c.weeks);
            if (!reset_peak()) {
              state.SkipWithError("cannot reset the peak resident memory (/proc/self/clear_refs)");
              return;
            }
            const double model_mib = status_mib("VmRSS");
            time_studies(state, m, c.scenarios, backend, thread_counts().back());
            state.counters["model_MiB"] = model_mib;
            state.counters["study_peak_MiB"] = status_mib("VmHWM") - model_mib;
          })
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
  return true;
}();

}  // namespace

}  // namespace chokepoint::bench
