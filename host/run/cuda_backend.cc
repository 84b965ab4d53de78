// The CUDA backend: kernels/cuda/cuda_runner on one GPU, its chunks merged
// into the study's accumulator while the next chunk runs.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "backend.hh"
#include "cuda/cuda_runner.hh"
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
      runner_.run(
          first, piece, [&into] { return into.candidate_thresholds(); },
          [&into](const ChunkView& chunk, std::uint64_t scenarios) { into.merge_chunk(chunk, scenarios); });
      first += piece;
      count -= piece;
    }
  }

 private:
  CudaRunner runner_;
};

}  // namespace

std::unique_ptr<Backend> make_cuda_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                           const BackendOptions& options) {
  try {
    return std::make_unique<CudaBackend>(model, shape, options);
  } catch (const CudaError& e) {
    throw InputError(fmt::format("--backend cuda: {}", e.what()));
  }
}

bool cuda_device_present() { return !cuda_devices().empty(); }

}  // namespace chokepoint
