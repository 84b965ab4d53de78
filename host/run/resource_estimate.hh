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
  std::uint64_t device_mirrors = 0;   // --backend cuda: host copies of two launches' accumulators, pinned and not
  std::uint64_t total = 0;            // host bytes, all included
};

/// The scenarios of one item of a study's work lists: --chunk-size or the
/// default for its size, within one batch (a CPU call is one such chunk; a
/// device backend's call lists several).
std::uint64_t chunk_size_of(const StudyOptions& options);

/// Host memory of a study with `threads` threads (and with --backend cuda
/// the host side of the device's launches); it does not grow with the
/// number of scenarios (top-K lists, batches per call and launches are
/// capped).
MemoryEstimate estimate_memory(const CompiledModel& model, const StudyOptions& options, int threads);

/// Refuse a study whose predicted memory exceeds what the machine has
/// available (MemAvailable), with a message that says what to change.
void check_memory(const CompiledModel& model, const StudyOptions& options, int threads);

}  // namespace chokepoint
