// The Kokkos backend's launcher: the per-scenario model in a
// Kokkos::parallel_for on the default execution space, statistics
// accumulated there with Kokkos atomics (kernels/chunk_sink.hh), and only
// the chunks' accumulators copied back. One launch carries several items,
// each a range of scenarios of one of the loaded models (the points of an
// uncertainty analysis, or pieces of one study) into its own chunk
// accumulators. Kokkos headers stay in the .cc.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../chunk_accumulators.hh"
#include "../model_view.hh"

namespace chokepoint {

/// One item of a launch: scenarios [first, first + count) of loaded model
/// `model` into `chunk` (whose thresholds the caller sets; reset here).
struct LaunchItem {
  std::uint32_t model = 0;
  std::uint64_t first = 0;
  std::uint32_t count = 0;
  ChunkAccumulators* chunk = nullptr;
};

class KokkosRunner {
 public:
  /// Each item's chunk has `shape` (at most shape.candidate_capacity
  /// scenarios); a launch carries at most `max_items` items.
  KokkosRunner(const ChunkShape& shape, std::uint64_t seed, std::uint32_t max_items);
  ~KokkosRunner();
  KokkosRunner(const KokkosRunner&) = delete;
  KokkosRunner& operator=(const KokkosRunner&) = delete;

  /// Mirror `models` (one chunk shape and one state shape; their arrays may
  /// differ in size) on the execution space's memory, replacing those
  /// loaded before.
  void load_models(const std::vector<ModelView>& models);

  /// Simulate every item in one parallel_for.
  void run(const std::vector<LaunchItem>& items);

  /// Name and concurrency of the default execution space, e.g. "Serial (1 thread)".
  static std::string execution_space();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chokepoint
