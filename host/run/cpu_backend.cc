// The CPU backend: the model in SIMD lanes (cpu_simd.hh) with one
// accumulator per OpenMP thread.
#include <omp.h>

#include <fmt/format.h>

#include "accumulating_sink.hh"
#include "backend.hh"
#include "cpu_simd.hh"
#include "diagnostics.hh"

namespace chokepoint {

namespace {

class CpuBackend final : public Backend {
 public:
  CpuBackend(const CompiledModel& model, const AccumulatorShape& shape, int threads, std::uint64_t seed)
      : view_(model.view()), seed_(seed) {
    choose_simd_target();
    const int n = threads > 0 ? threads : omp_get_max_threads();
    accumulators_.reserve(static_cast<std::size_t>(n));
    for (int t = 0; t < n; ++t) accumulators_.emplace_back(shape);
    for (auto& acc : accumulators_) sinks_.push_back({&acc});
  }

  [[nodiscard]] std::string name() const override { return "cpu"; }
  [[nodiscard]] std::string description() const override {
    return fmt::format("{} OpenMP thread{}, {}", sinks_.size(), sinks_.size() == 1 ? "" : "s",
                       describe_simd_target());
  }
  void run(std::uint64_t first, std::uint64_t count, StudyAccumulator& into) override {
    const std::vector<TopK::Entry> floor = into.offer_floors();
    for (auto& acc : accumulators_) acc.set_offer_floor(floor);
    run_scenarios_simd(view_, seed_, first, count, sinks_);
    into.merge_and_clear(accumulators_, static_cast<int>(accumulators_.size()));
  }

 protected:
  void bind(const CompiledModel& model) override { view_ = model.view(); }

 private:
  ModelView view_;
  std::uint64_t seed_;
  std::vector<StudyAccumulator> accumulators_;
  std::vector<AccumulatingSink> sinks_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(const CompiledModel& model, const AccumulatorShape& shape, int threads,
                                          std::uint64_t seed) {
  return std::make_unique<CpuBackend>(model, shape, threads, seed);
}

}  // namespace chokepoint
