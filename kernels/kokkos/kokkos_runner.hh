// The Kokkos backend's launcher: the per-scenario model in a
// Kokkos::parallel_for on the default execution space, statistics
// accumulated there with Kokkos atomics (kernels/chunk_sink.hh), and only
// the chunk's accumulators copied back. Kokkos headers stay in the .cc.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "../chunk_accumulators.hh"
#include "../model_view.hh"

namespace chokepoint {

class KokkosRunner {
 public:
  /// Mirror the model on the execution space's memory; chunks hold at most
  /// `max_chunk` scenarios (the chunk shape's candidate capacity).
  KokkosRunner(const ModelView& host_model, const ChunkShape& shape, std::uint64_t seed);
  ~KokkosRunner();
  KokkosRunner(const KokkosRunner&) = delete;
  KokkosRunner& operator=(const KokkosRunner&) = delete;

  /// Simulate scenarios [first, first + count) into `chunk`, whose
  /// thresholds the caller sets; `chunk` is reset here.
  void run(std::uint64_t first, std::uint64_t count, ChunkAccumulators& chunk);

  /// Name and concurrency of the default execution space, e.g. "Serial (1 thread)".
  static std::string execution_space();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chokepoint
