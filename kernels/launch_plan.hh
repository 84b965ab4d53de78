// How a device runner cuts a work list into launches: items (ranges of
// scenarios of some model, each into its own accumulator) become pieces, a
// launch carries several pieces, and each piece has accumulators of its
// own on the device. A pure host function, so that the Kokkos and CUDA
// runners cut work the same way and the tests can check it without a device.
// C++17: the CUDA sources include it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace chokepoint {

/// What a launch may carry.
struct LaunchLimits {
  std::uint64_t scenarios = 0;        // slots per launch, pieces rounded up to tiles
  std::uint32_t pieces = 0;           // pieces per launch (sets of accumulators)
  std::uint64_t piece_scenarios = 0;  // scenarios per piece (its candidate lists' capacity)
  std::uint32_t tile = 1;             // a piece starts on a whole tile (a CUDA block's scenarios)
};

/// Part of item `item`: its scenarios [first, first + count) (first counted
/// from the item's own first scenario), in slots [slot, slot + count) of its
/// launch.
struct LaunchPiece {
  std::size_t item = 0;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  std::uint64_t slot = 0;
};

/// Slots a piece of `count` scenarios takes: whole tiles.
inline std::uint64_t piece_slots(std::uint64_t count, std::uint32_t tile) { return (count + tile - 1) / tile * tile; }

/// The items of sizes `counts`, in order, cut into launches: every scenario
/// in exactly one piece, pieces in item order, no launch over `limits`. A
/// launch is filled before the next begins, so that small items (batches of
/// a small study, points of an analysis) share launches and a large item
/// fills many.
inline std::vector<std::vector<LaunchPiece>> plan_launches(const std::vector<std::uint64_t>& counts,
                                                           const LaunchLimits& limits) {
  if (limits.pieces == 0 || limits.tile == 0 || limits.piece_scenarios == 0 || limits.scenarios < limits.tile) {
    throw std::logic_error("plan_launches: a launch must hold at least one piece of one tile");
  }
  std::vector<std::vector<LaunchPiece>> launches;
  std::uint64_t used = 0;  // slots of the last launch in use
  for (std::size_t item = 0; item < counts.size(); ++item) {
    for (std::uint64_t done = 0; done < counts[item];) {
      if (launches.empty() || launches.back().size() == limits.pieces || used + limits.tile > limits.scenarios) {
        launches.emplace_back();
        used = 0;
      }
      // The most that fits in the launch's free whole tiles.
      const std::uint64_t room = (limits.scenarios - used) / limits.tile * limits.tile;
      const std::uint64_t n = std::min({counts[item] - done, limits.piece_scenarios, room});
      launches.back().push_back({item, done, n, used});
      used += piece_slots(n, limits.tile);
      done += n;
    }
  }
  return launches;
}

}  // namespace chokepoint
