// The Kokkos backend: kernels/kokkos/kokkos_runner on Kokkos' default
// execution space. Work is cut into pieces of at most one chunk; a launch
// carries up to kItemsPerLaunch pieces, of one study or of many points of an
// uncertainty analysis, and each piece's chunk is merged into its own
// accumulator afterwards (merges are exact and order-free).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <memory>

#include "backend.hh"
#include "kokkos/kokkos_runner.hh"

namespace chokepoint {

namespace {

/// Scenarios per piece (each piece's candidate lists hold that many) and
/// pieces per launch: 16,384 scenarios in flight, whether they are one
/// study's or many points'.
constexpr std::uint32_t kPieceScenarios = 2048;
constexpr std::uint32_t kItemsPerLaunch = 8;

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
  void run_points(std::span<const PointWork> work) override {
    std::vector<Piece> pieces;
    for (const PointWork& item : work) {
      for (std::uint64_t done = 0; done < item.count;) {
        const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(kPieceScenarios, item.count - done));
        pieces.push_back({static_cast<std::uint32_t>(item.point), item.first + done, n, item.into});
        if (pieces.size() == kItemsPerLaunch) launch(pieces);
        done += n;
      }
    }
    if (!pieces.empty()) launch(pieces);
  }

 protected:
  void bind(const CompiledModel& model) override { runner_.load_models({model.view()}); }

 private:
  struct Piece {
    std::uint32_t model;
    std::uint64_t first;
    std::uint32_t count;
    StudyAccumulator* into;
  };

  /// Run `pieces` in one launch, merge each into its accumulator, and clear
  /// the list. A piece's thresholds are its accumulator's before the launch:
  /// they only rise, so a value below them can never enter a top-K list.
  void launch(std::vector<Piece>& pieces) {
    std::vector<LaunchItem> items;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
      chunks_[k].threshold = pieces[k].into->candidate_thresholds();
      items.push_back({pieces[k].model, pieces[k].first, pieces[k].count, &chunks_[k]});
    }
    runner_.run(items);
    for (std::size_t k = 0; k < pieces.size(); ++k) pieces[k].into->merge_chunk(chunks_[k].view(), pieces[k].count);
    pieces.clear();
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
