// Host bytes of a chunk's arrays (kernels/chunk_accumulators.hh), for the
// device runners that allocate them and for the memory estimate that counts
// their host copies.
#pragma once

#include <cstddef>
#include <cstdint>

#include "chunk_accumulators.hh"
#include "exact_sum.hh"

namespace chokepoint {

/// The most scenarios a device runner launches at once (its buffers hold
/// the candidate lists of one such launch per stream): eight waves of an
/// H200 (132 SMs x 6 blocks x 128 threads) are 811,008.
inline constexpr std::uint32_t kMaxDeviceLaunch = 1u << 20;
/// The most pieces (each with its own fixed-size accumulators) a device
/// launch carries: the batches of a small study, or the points of a group.
inline constexpr std::uint32_t kDeviceLaunchPieces = 64;

/// Bytes of the arrays whose size does not depend on the number of
/// scenarios (counts, sums, extremes, thresholds, fan chart): what a device
/// backend mirrors in pinned host memory for each piece of a launch.
inline std::size_t chunk_fixed_bytes(const ChunkShape& shape) {
  const auto n = static_cast<std::size_t>(shape.n_metrics);
  return (static_cast<std::size_t>(shape.bin_offsets().back()) + shape.fan_size() + 4 * n) * sizeof(std::uint64_t) +
         (2 * n + 1) * ExactSum::kLimbs * sizeof(std::int64_t) + n * sizeof(std::uint32_t);
}

/// Bytes of the candidate lists and tail payloads of `capacity` scenarios.
inline std::size_t chunk_candidate_bytes(const ChunkShape& shape, std::uint32_t capacity) {
  return static_cast<std::size_t>(capacity) *
         (static_cast<std::size_t>(shape.n_metrics) * (sizeof(double) + 2 * sizeof(std::uint64_t)) +
          shape.tail_width() * sizeof(double));
}

}  // namespace chokepoint
