// The per-output totals of one block of scenarios (exact-sum limbs of the
// sums and sums of squares, positive counts, min and max bits, the squared
// units), kept in the block's shared memory on a device: the block's
// scenarios add to these with shared-memory atomics, and the block adds
// them to the chunk's arrays once when all its scenarios have ended. Every
// total is an integer (limbs, counts, bits of non-negative doubles), so
// neither the grouping nor the order changes a bit of the result.
//
// The functions take the calling thread's index and the number of threads
// of the block, which share the work of resetting and flushing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "chunk_accumulators.hh"
#include "exact_sum.hh"
#include "macros.hh"

namespace chokepoint {

struct BlockTotals {
  std::int64_t* sum = nullptr;        // [n_metrics x ExactSum::kLimbs]
  std::int64_t* sum_sq = nullptr;     // [n_metrics x ExactSum::kLimbs]
  std::int64_t* units_sq = nullptr;   // [ExactSum::kLimbs]
  std::uint64_t* positive = nullptr;  // [n_metrics]
  std::uint64_t* min_bits = nullptr;  // [n_metrics]
  std::uint64_t* max_bits = nullptr;  // [n_metrics]
  std::int32_t n_metrics = 0;

  /// All bits set: above the bits of any double, the identity of min.
  static constexpr std::uint64_t kNoMin = ~std::uint64_t{0};

  /// 64-bit words the totals of `n_metrics` outputs take.
  CP_FUNCTION static std::size_t words(std::int32_t n_metrics) {
    const auto n = static_cast<std::size_t>(n_metrics);
    return (2 * n + 1) * ExactSum::kLimbs + 3 * n;
  }

  /// The totals laid out in `memory` of words(n_metrics) words.
  CP_FUNCTION static BlockTotals in(std::uint64_t* memory, std::int32_t n_metrics) {
    const auto n = static_cast<std::size_t>(n_metrics);
    // Signed and unsigned images of one integer type may alias.
    auto* limbs = reinterpret_cast<std::int64_t*>(memory);
    BlockTotals t;
    t.n_metrics = n_metrics;
    t.sum = limbs;
    t.sum_sq = limbs + n * ExactSum::kLimbs;
    t.units_sq = limbs + 2 * n * ExactSum::kLimbs;
    t.positive = memory + (2 * n + 1) * ExactSum::kLimbs;
    t.min_bits = t.positive + n;
    t.max_bits = t.min_bits + n;
    return t;
  }

  /// Every total to its identity.
  CP_FUNCTION void reset(std::uint32_t thread, std::uint32_t threads) const {
    const auto n = static_cast<std::size_t>(n_metrics);
    // sum, sum_sq and units_sq are consecutive (in()).
    for (std::size_t k = thread; k < (2 * n + 1) * ExactSum::kLimbs; k += threads) sum[k] = 0;
    for (std::size_t k = thread; k < n; k += threads) {
      positive[k] = 0;
      min_bits[k] = kNoMin;
      max_bits[k] = 0;
    }
  }

  /// `chunk` with its totals replaced by these (the rest still the chunk's).
  [[nodiscard]] CP_FUNCTION ChunkView in_place_of(ChunkView chunk) const {
    chunk.sum = sum;
    chunk.sum_sq = sum_sq;
    chunk.units_sq = units_sq;
    chunk.positive = positive;
    chunk.min_bits = min_bits;
    chunk.max_bits = max_bits;
    return chunk;
  }

  /// Add these totals to the chunk's with `Atomics` (the interface of
  /// kernels/chunk_sink.hh); totals still at their identity are skipped.
  template <class Atomics>
  CP_FUNCTION void flush(const ChunkView& chunk, std::uint32_t thread, std::uint32_t threads) const {
    const auto n = static_cast<std::size_t>(n_metrics);
    const std::size_t limbs = n * ExactSum::kLimbs;
    for (std::size_t k = thread; k < limbs; k += threads) {
      if (sum[k] != 0) Atomics::add(chunk.sum + k, sum[k]);
      if (sum_sq[k] != 0) Atomics::add(chunk.sum_sq + k, sum_sq[k]);
    }
    for (std::size_t k = thread; k < ExactSum::kLimbs; k += threads) {
      if (units_sq[k] != 0) Atomics::add(chunk.units_sq + k, units_sq[k]);
    }
    for (std::size_t k = thread; k < n; k += threads) {
      if (positive[k] != 0) Atomics::add(chunk.positive + k, positive[k]);
      if (min_bits[k] != kNoMin) Atomics::min(chunk.min_bits + k, min_bits[k]);
      if (max_bits[k] != 0) Atomics::max(chunk.max_bits + k, max_bits[k]);
    }
  }
};

}  // namespace chokepoint
