// The Kokkos backend: kernels/kokkos/kokkos_runner on Kokkos' default
// execution space. Work is cut into pieces (kernels/launch_plan.hh); a
// launch carries up to kItemsPerLaunch pieces, of one study's batches or of
// many points of an uncertainty analysis, and each piece's chunk is merged
// into its own accumulator afterwards (merges are exact and order-free).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <memory>

#include "backend.hh"
#include "kokkos/kokkos_runner.hh"
#include "launch_plan.hh"

namespace chokepoint {

namespace {

/// Scenarios per piece (each piece's candidate lists hold that many) and
/// pieces per launch: 16,384 scenarios in flight, whether they are one
/// study's (several of its batches when they are small) or many points'.
constexpr std::uint32_t kPieceScenarios = 2048;
constexpr std::uint32_t kItemsPerLaunch = 8;
constexpr LaunchLimits kLimits{std::uint64_t{kPieceScenarios} * kItemsPerLaunch, kItemsPerLaunch, kPieceScenarios, 1};

class KokkosBackend final : public Backend {
 public:
  KokkosBackend(const CompiledModel& model, const AccumulatorShape& shape, std::uint64_t seed)
      : runner_(shape.chunk_shape(kPieceScenarios), seed, kItemsPerLaunch) {
    for (std::uint32_t k = 0; k < kItemsPerLaunch; ++k) chunks_.emplace_back(shape.chunk_shape(kPieceScenarios));
    KokkosBackend::bind(model);
  }

  [[nodiscard]] std::string name() const override { return "kokkos"; }
  [[nodiscard]] std::string description() const override {
    return "Kokkos " + KokkosRunner::execution_space();
  }
  void run(std::uint64_t first, std::uint64_t count, StudyAccumulator& into) override {
    const PointWork work{0, first, count, &into};
    run_points({&work, 1});
  }
  [[nodiscard]] std::size_t points_side_by_side() const override { return SIZE_MAX; }
  void load_points(std::vector<const CompiledModel*> models) override {
    std::vector<ModelView> views;
    for (const CompiledModel* m : models) views.push_back(m->view());
    runner_.load_models(views);
  }
  [[nodiscard]] std::uint64_t scenarios_per_call() const override { return kLimits.scenarios; }
  void run_points(std::span<const PointWork> work) override {
    std::vector<std::uint64_t> counts;
    for (const PointWork& item : work) counts.push_back(item.count);
    for (const std::vector<LaunchPiece>& pieces : plan_launches(counts, kLimits)) launch(work, pieces);
  }

 protected:
  void bind(const CompiledModel& model) override { runner_.load_models({model.view()}); }

 private:
  /// Run `pieces` of `work` in one launch and merge each into its item's
  /// accumulator. A piece's thresholds are its accumulator's before the
  /// launch: they only rise, so a value below them can never enter a top-K
  /// list.
  void launch(std::span<const PointWork> work, const std::vector<LaunchPiece>& pieces) {
    std::vector<LaunchItem> items;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      const PointWork& item = work[pieces[k].item];
      chunks_[k].threshold = item.into->candidate_thresholds();
      items.push_back({static_cast<std::uint32_t>(item.point), item.first + pieces[k].first,
                       static_cast<std::uint32_t>(pieces[k].count), &chunks_[k]});
    }
    runner_.run(items);
    for (std::size_t k = 0; k < pieces.size(); ++k) work[pieces[k].item].into->merge_chunk(chunks_[k].view(), pieces[k].count);
  }

  KokkosRunner runner_;
  std::vector<ChunkAccumulators> chunks_;
};

}  // namespace

std::unique_ptr<Backend> make_kokkos_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                             std::uint64_t seed) {
  return std::make_unique<KokkosBackend>(model, shape, seed);
}

}  // namespace chokepoint
