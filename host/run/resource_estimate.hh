// How much memory a study needs, predicted from the model before it runs.
#pragma once

#include <cstdint>
#include <string>

#include "compiled_model.hh"
#include "study_runner.hh"

namespace chokepoint {

struct MemoryEstimate {
  std::uint64_t per_accumulator = 0;  // histograms, sums, top-K lists, fan charts, tail payloads
  std::uint64_t accumulators = 0;     // how many live at once (per thread, batch, total)
  std::uint64_t per_thread_state = 0; // one scenario's state
  std::uint64_t total = 0;            // host bytes, all included
};

/// Host memory of a study on the CPU backend with `threads` threads; it does
/// not grow with the number of scenarios (top-K lists are capped).
MemoryEstimate estimate_memory(const CompiledModel& model, const StudyOptions& options, int threads);

/// Refuse a study whose predicted memory exceeds what the machine has
/// available (MemAvailable), with a message that says what to change.
void check_memory(const CompiledModel& model, const StudyOptions& options, int threads);

}  // namespace chokepoint
