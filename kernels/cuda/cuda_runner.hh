// The CUDA backend's launcher: one GPU thread per scenario running the
// shared per-scenario model, statistics accumulated on the device
// (kernels/chunk_sink.hh), two chunks in flight on two streams so that the
// host merges one chunk while the device runs the next. Only the chunks'
// accumulators are copied back: the fixed-size ones through pinned memory,
// the candidate lists (as long as the device found them) into pageable
// memory. CUDA headers stay in the .cu file.
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
};

/// What this process can use. `devices` is empty when there is no NVIDIA
/// driver, no device, or a driver that cannot run this build; `problem` says
/// what is wrong in the last case (and is empty in the first two, where
/// nothing is wrong: the machine simply has no GPU).
struct CudaDevices {
  std::vector<CudaDeviceInfo> devices;
  std::string problem;
};

/// The visible devices, from their properties only: no device is made
/// current and no context is created, so this works in EXCLUSIVE_PROCESS
/// mode and costs nothing on devices other ranks use.
CudaDevices find_cuda_devices();

/// find_cuda_devices().devices.
std::vector<CudaDeviceInfo> cuda_devices();

/// Why cudaGetDeviceCount returning `status` (a cudaError_t) leaves no
/// usable device, given the driver's and the runtime's CUDA versions
/// (cudaDriverGetVersion, CUDART_VERSION: 1000 * major + 10 * minor). Empty
/// for "no driver" (driver version 0) and "no device", which are not faults.
std::string cuda_device_count_problem(int status, int driver_version, int runtime_version);

class CudaRunner {
 public:
  /// Mirror the model on `device`. Buffers are allocated by `run`, sized
  /// for the largest range it was given (at most `max_chunk` scenarios per
  /// launch, 0 for no limit but the device's memory), and reused by later
  /// calls; if an allocation fails, the chunk is halved until it fits.
  /// With `accumulate` false, outputs are computed but not accumulated
  /// (benchmarks use this to measure the cost of accumulation).
  CudaRunner(const ModelView& host_model, const ChunkShape& shape, std::uint64_t seed, int device,
             std::uint32_t max_chunk, bool accumulate);
  ~CudaRunner();
  CudaRunner(const CudaRunner&) = delete;
  CudaRunner& operator=(const CudaRunner&) = delete;

  /// Run `host_model` from now on, a model with the outputs and weeks of the
  /// first (a point of an uncertainty analysis): its arrays are mirrored
  /// again, in the same device allocations where their sizes are unchanged.
  void set_model(const ModelView& host_model);

  /// Scenarios per launch the buffers hold now (0 before the first run).
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
