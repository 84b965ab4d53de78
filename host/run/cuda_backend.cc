// The CUDA backend: kernels/cuda/cuda_runner on one GPU, its chunks merged
// into the study's accumulator while the next chunk runs.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "backend.hh"
#include "cuda/cuda_runner.hh"
#include "device_error.hh"
#include "diagnostics.hh"

namespace chokepoint {

namespace {

class CudaBackend final : public Backend {
 public:
  CudaBackend(const CompiledModel& model, const AccumulatorShape& shape, const BackendOptions& options)
      : runner_(model.view(), shape.chunk_shape(0), options.seed, options.device, options.max_device_chunk,
                options.accumulate) {}

  [[nodiscard]] std::string name() const override { return "cuda"; }
  [[nodiscard]] std::string description() const override {
    const CudaDeviceInfo& d = runner_.device();
    return fmt::format("CUDA device {}: {} (compute capability {}.{}, {} GiB), chunks of {} scenarios", d.index, d.name,
                       d.compute_major, d.compute_minor, d.total_memory >> 30, runner_.chunk_capacity());
  }
  void run(std::uint64_t first, std::uint64_t count, StudyAccumulator& into) override {
    // Until `into` has seen twice its top-K size, every value is a candidate:
    // run that part on its own, so that the rest runs with thresholds in place
    // and only values that can still enter a top-K list come back.
    const std::uint64_t warm_up = 2 * into.shape().top_k;
    while (count > 0) {
      const std::uint64_t piece = into.count() < warm_up ? std::min(count, warm_up - into.count()) : count;
      try {
        runner_.run(
            first, piece, [&into] { return into.candidate_thresholds(); },
            [&into](const ChunkView& chunk, std::uint64_t scenarios) { into.merge_chunk(chunk, scenarios); });
      } catch (const CudaError& e) {
        throw DeviceError(fmt::format("--backend cuda: {}", e.what()));
      }
      first += piece;
      count -= piece;
    }
  }

 protected:
  void bind(const CompiledModel& model) override {
    try {
      runner_.set_model(model.view());
    } catch (const CudaError& e) {
      throw DeviceError(fmt::format("--backend cuda: {}", e.what()));
    }
  }

 private:
  CudaRunner runner_;
};

}  // namespace

std::unique_ptr<Backend> make_cuda_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                           const BackendOptions& options) {
  // Asking for a device that is not there is a usage error (exit 2); a
  // device or driver that is there but fails is not (exit 1).
  CudaDevices found;
  try {
    found = find_cuda_devices();
  } catch (const CudaError& e) {
    throw DeviceError(fmt::format("--backend cuda: {}", e.what()));
  }
  if (!found.problem.empty()) throw DeviceError(fmt::format("--backend cuda: {}", found.problem));
  if (found.devices.empty()) throw InputError("--backend cuda: no CUDA device is available");
  if (options.device >= static_cast<int>(found.devices.size())) {
    throw InputError(fmt::format("--backend cuda: --device {}: there {} only {} CUDA device{} (0 to {})", options.device,
                                 found.devices.size() == 1 ? "is" : "are", found.devices.size(),
                                 found.devices.size() == 1 ? "" : "s", found.devices.size() - 1));
  }
  try {
    return std::make_unique<CudaBackend>(model, shape, options);
  } catch (const CudaError& e) {
    throw DeviceError(fmt::format("--backend cuda: {}", e.what()));
  }
}

std::string cuda_fallback_reason() {
  try {
    const CudaDevices found = find_cuda_devices();
    if (!found.devices.empty()) return "";
    return found.problem.empty() ? "no CUDA device found" : found.problem;
  } catch (const CudaError& e) {
    return e.what();
  }
}

}  // namespace chokepoint
