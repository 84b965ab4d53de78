// The CUDA backend's launcher: one GPU thread per scenario running the
// shared per-scenario model, statistics accumulated on the device
// (kernels/chunk_sink.hh). A run is a work list (ranges of scenarios of the
// loaded models: a study's batches, the points of an analysis) cut into
// launches of several waves (kernels/launch_plan.hh); each piece of a launch
// has accumulators of its own, and two launches are in flight on two
// streams, so that the host merges one while the device runs the next.
// Only the pieces' accumulators are copied back: the fixed-size ones
// through pinned memory, the candidate lists (as long as the device found
// them) into pageable memory. CUDA headers stay in the .cu file.
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

/// One item of a run: scenarios [first, first + count) of loaded model `model`.
struct CudaWork {
  std::uint32_t model = 0;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

class CudaRunner {
 public:
  /// Mirror the model on `device`. Buffers are allocated by `run`, sized
  /// for the largest work list it was given (at most launch_scenarios()
  /// per launch), and reused by later calls; if an allocation fails, the
  /// launch is halved until it fits. `max_launch` caps the scenarios per
  /// launch (0: launch_scenarios() decides). With `accumulate` false,
  /// outputs are computed but not accumulated (benchmarks use this to
  /// measure the cost of accumulation).
  CudaRunner(const ModelView& host_model, const ChunkShape& shape, std::uint64_t seed, int device,
             std::uint32_t max_launch, bool accumulate);
  ~CudaRunner();
  CudaRunner(const CudaRunner&) = delete;
  CudaRunner& operator=(const CudaRunner&) = delete;

  /// Run `host_models` from now on (the points of an uncertainty analysis,
  /// CudaWork::model indexing them): models with the outputs, weeks and
  /// state shape of the first, mirrored in the allocations of those loaded
  /// before where their sizes are unchanged.
  void load_models(const std::vector<ModelView>& host_models);

  /// Scenarios per launch the buffers hold now (0 before the first run).
  [[nodiscard]] std::uint32_t chunk_capacity() const;
  /// The most scenarios one launch carries: kWavesPerLaunch waves of the
  /// blocks the device holds at once, or the cap given.
  [[nodiscard]] std::uint64_t launch_scenarios() const;
  [[nodiscard]] const CudaDeviceInfo& device() const;

  /// Called with each finished piece: the item it belongs to, host copies
  /// of its arrays and its number of scenarios, in launch order.
  using MergeFn = std::function<void(std::size_t item, const ChunkView& chunk, std::uint64_t scenarios)>;
  /// Candidate thresholds (per output) for a piece of `item` about to launch.
  using ThresholdFn = std::function<std::vector<double>(std::size_t item)>;

  /// Simulate every item of `items`.
  void run(const std::vector<CudaWork>& items, const ThresholdFn& thresholds, const MergeFn& merge);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chokepoint
