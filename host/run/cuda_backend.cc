// The CUDA backend: kernels/cuda/cuda_runner on one GPU. A call is a work
// list (a study's batches, a group's points), run in launches of several
// waves, each launch's pieces merged into their accumulators while the next
// launch runs.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

#include "backend.hh"
#include "cuda/cuda_runner.hh"
#include "device_error.hh"
#include "diagnostics.hh"

namespace chokepoint {

namespace {

/// Launches per call: the host merges one launch while the next runs, so
/// only the last launch's merge of a call waits for the device.
constexpr std::uint64_t kLaunchesPerCall = 4;

class CudaBackend final : public Backend {
 public:
  CudaBackend(const CompiledModel& model, const AccumulatorShape& shape, const BackendOptions& options)
      : runner_(model.view(), shape.chunk_shape(0), options.seed, options.device, options.max_device_chunk,
                options.accumulate) {}

  [[nodiscard]] std::string name() const override { return "cuda"; }
  [[nodiscard]] std::string description() const override {
    const CudaDeviceInfo& d = runner_.device();
    return fmt::format("CUDA device {}: {} (compute capability {}.{}, {} GiB), launches of up to {} scenarios", d.index,
                       d.name, d.compute_major, d.compute_minor, d.total_memory >> 30, runner_.launch_scenarios());
  }
  void run(std::uint64_t first, std::uint64_t count, StudyAccumulator& into) override {
    const PointWork work{0, first, count, &into};
    run_points({&work, 1});
  }
  [[nodiscard]] std::size_t points_side_by_side() const override { return SIZE_MAX; }
  [[nodiscard]] std::uint64_t scenarios_per_call() const override {
    return kLaunchesPerCall * runner_.launch_scenarios();
  }
  void load_points(std::vector<const CompiledModel*> models) override {
    std::vector<ModelView> views;
    for (const CompiledModel* m : models) views.push_back(m->view());
    load(views);
  }
  /// Until an accumulator has seen twice its top-K size, every value is a
  /// candidate: that part of each item runs first, on its own, so that the
  /// rest runs with thresholds in place and only values that can still
  /// enter a top-K list come back.
  void run_points(std::span<const PointWork> work) override {
    std::vector<PointWork> warm_up;
    std::vector<PointWork> rest;
    std::map<const StudyAccumulator*, std::uint64_t> seen;  // scenarios each will have seen
    for (const PointWork& item : joined(work)) {
      const std::uint64_t limit = 2 * item.into->shape().top_k;
      std::uint64_t& before = seen.try_emplace(item.into, item.into->count()).first->second;
      const std::uint64_t warm = before < limit ? std::min(item.count, limit - before) : 0;
      if (warm > 0) warm_up.push_back({item.point, item.first, warm, item.into});
      if (item.count > warm) rest.push_back({item.point, item.first + warm, item.count - warm, item.into});
      before += item.count;
    }
    run_list(warm_up);
    run_list(rest);
  }

 protected:
  void bind(const CompiledModel& model) override { load({model.view()}); }

 private:
  /// `work` with each run of adjacent ranges of one point into one
  /// accumulator made one item (a study lists a batch chunk by chunk).
  static std::vector<PointWork> joined(std::span<const PointWork> work) {
    std::vector<PointWork> out;
    for (const PointWork& item : work) {
      if (!out.empty() && out.back().point == item.point && out.back().into == item.into &&
          out.back().first + out.back().count == item.first) {
        out.back().count += item.count;
      } else {
        out.push_back(item);
      }
    }
    return out;
  }

  void load(const std::vector<ModelView>& views) {
    try {
      runner_.load_models(views);
    } catch (const CudaError& e) {
      throw DeviceError(fmt::format("--backend cuda: {}", e.what()));
    }
  }

  void run_list(const std::vector<PointWork>& list) {
    std::vector<CudaWork> items;
    for (const PointWork& item : list) items.push_back({static_cast<std::uint32_t>(item.point), item.first, item.count});
    try {
      runner_.run(
          items, [&list](std::size_t k) { return list[k].into->candidate_thresholds(); },
          [&list](std::size_t k, const ChunkView& chunk, std::uint64_t scenarios) {
            list[k].into->merge_chunk(chunk, scenarios);
          });
    } catch (const CudaError& e) {
      throw DeviceError(fmt::format("--backend cuda: {}", e.what()));
    }
  }

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
