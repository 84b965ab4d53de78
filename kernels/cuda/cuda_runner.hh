// The CUDA backend's launcher: one GPU thread per scenario running the
// shared per-scenario model, statistics accumulated on the device
// (kernels/chunk_sink.hh), two chunks in flight on two streams so that the
// host merges one chunk while the device runs the next. Only the chunks'
// accumulators are copied back. CUDA headers stay in the .cu file.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../chunk_accumulators.hh"
#include "../model_view.hh"

namespace chokepoint {

/// A CUDA call failed; the message names the call, where it was made and
/// CUDA's own description.
class CudaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct CudaDeviceInfo {
  int index = 0;
  std::string name;
  int compute_major = 0;
  int compute_minor = 0;
  std::size_t total_memory = 0;
  std::size_t free_memory = 0;
};

/// Devices this process can use; empty when there is no driver or no GPU.
std::vector<CudaDeviceInfo> cuda_devices();

class CudaRunner {
 public:
  /// Mirror the model on `device`. Chunks are sized from the device's free
  /// memory (at most `max_chunk` scenarios, 0 for no limit); if an
  /// allocation fails, the chunk is halved until it fits.
  /// With `accumulate` false, outputs are computed but not accumulated
  /// (benchmarks use this to measure the cost of accumulation).
  CudaRunner(const ModelView& host_model, const ChunkShape& shape, std::uint64_t seed, int device,
             std::uint32_t max_chunk, bool accumulate);
  ~CudaRunner();
  CudaRunner(const CudaRunner&) = delete;
  CudaRunner& operator=(const CudaRunner&) = delete;

  [[nodiscard]] std::uint32_t chunk_capacity() const;
  [[nodiscard]] const CudaDeviceInfo& device() const;

  /// Called with each finished chunk (host copies of its arrays) and its
  /// number of scenarios, in order.
  using MergeFn = std::function<void(const ChunkView& chunk, std::uint64_t scenarios)>;
  /// Candidate thresholds for the next chunk (per output).
  using ThresholdFn = std::function<std::vector<double>()>;

  /// Simulate scenarios [first, first + count) chunk by chunk.
  void run(std::uint64_t first, std::uint64_t count, const ThresholdFn& thresholds, const MergeFn& merge);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chokepoint
