// The Kokkos backend: kernels/kokkos/kokkos_runner on Kokkos' default
// execution space, its chunks merged into the study's accumulator.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "backend.hh"
#include "kokkos/kokkos_runner.hh"

namespace chokepoint {

namespace {

/// Scenarios per device chunk: the state and candidate buffers scale with it.
constexpr std::uint32_t kKokkosChunk = 16384;

class KokkosBackend final : public Backend {
 public:
  KokkosBackend(const CompiledModel& model, const AccumulatorShape& shape, std::uint64_t seed)
      : chunk_(shape.chunk_shape(kKokkosChunk)), runner_(model.view(), chunk_.shape, seed) {}

  [[nodiscard]] std::string name() const override { return "kokkos"; }
  [[nodiscard]] std::string description() const override {
    return "Kokkos " + KokkosRunner::execution_space();
  }
  void run(std::uint64_t first, std::uint64_t count, StudyAccumulator& into) override {
    for (std::uint64_t done = 0; done < count;) {
      const std::uint64_t n = std::min<std::uint64_t>(kKokkosChunk, count - done);
      chunk_.threshold = into.candidate_thresholds();
      runner_.run(first + done, n, chunk_);
      into.merge_chunk(chunk_.view(), n);
      done += n;
    }
  }

 private:
  ChunkAccumulators chunk_;
  KokkosRunner runner_;
};

}  // namespace

std::unique_ptr<Backend> make_kokkos_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                             std::uint64_t seed) {
  return std::make_unique<KokkosBackend>(model, shape, seed);
}

}  // namespace chokepoint
