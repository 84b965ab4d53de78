// Cutting work lists into device launches (kernels/launch_plan.hh).
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "launch_plan.hh"

namespace chokepoint {
namespace {

/// Every property a plan must have, checked piece by piece.
void expect_valid(const std::vector<std::uint64_t>& counts, const LaunchLimits& limits,
                  const std::vector<std::vector<LaunchPiece>>& launches) {
  std::size_t item = 0;
  std::uint64_t next = 0;  // the item's next scenario
  for (const auto& launch : launches) {
    ASSERT_FALSE(launch.empty());
    ASSERT_LE(launch.size(), limits.pieces);
    std::uint64_t slot = 0;
    for (const LaunchPiece& p : launch) {
      while (item < counts.size() && next == counts[item]) {
        ++item;
        next = 0;
      }
      ASSERT_EQ(p.item, item) << "pieces follow the items in order";
      ASSERT_EQ(p.first, next) << "no scenario skipped or repeated";
      ASSERT_GT(p.count, 0u);
      ASSERT_LE(p.count, limits.piece_scenarios);
      ASSERT_EQ(p.slot, slot) << "pieces packed on whole tiles";
      slot += piece_slots(p.count, limits.tile);
      ASSERT_LE(slot, limits.scenarios);
      next += p.count;
    }
  }
  while (item < counts.size() && next == counts[item]) {
    ++item;
    next = 0;
  }
  EXPECT_EQ(item, counts.size()) << "every scenario of every item planned";
}

TEST(LaunchPlan, SmallItemsShareALaunchAndALargeOneFillsMany) {
  // Tiles of 128, 1,024 slots and 4 pieces a launch: batches of 300 take
  // 384 slots each, so two fit (768) and the third's first 256 fill the
  // launch; its last 44 (one tile) open the second launch, which the 10,000
  // fill with 896, and 9,104 more take nine launches: 11 in all.
  const LaunchLimits limits{1024, 4, 1024, 128};
  const std::vector<std::uint64_t> counts = {300, 300, 300, 10000};
  const auto launches = plan_launches(counts, limits);
  ASSERT_GE(launches.size(), 2u);
  ASSERT_EQ(launches[0].size(), 3u);
  EXPECT_EQ(launches[0][2].item, 2u);
  EXPECT_EQ(launches[0][2].count, 256u);
  EXPECT_EQ(launches[0][2].slot, 768u);
  EXPECT_EQ(launches[1][0].item, 2u);
  EXPECT_EQ(launches[1][0].first, 256u);
  EXPECT_EQ(launches[1][0].count, 44u);
  EXPECT_EQ(launches[1][1].count, 1024u - 128u);  // the rest of the launch after one tile
  EXPECT_EQ(launches.size(), 11u);
  expect_valid(counts, limits, launches);
}

TEST(LaunchPlan, PiecesPerLaunchAndPieceSizeAreHonoured) {
  // The Kokkos backend's limits: 8 pieces of at most 2,048 scenarios.
  const LaunchLimits limits{16384, 8, 2048, 1};
  const std::vector<std::uint64_t> counts = {5000, 1, 1, 1, 1, 1, 1, 1, 1, 40000};
  const auto launches = plan_launches(counts, limits);
  // 5,000 = 2,048 + 2,048 + 904, then eight single scenarios: 11 pieces, so
  // the first launch stops at 8 pieces and the second holds the rest.
  EXPECT_EQ(launches[0].size(), 8u);
  EXPECT_EQ(launches[0][7].item, 5u);
  expect_valid(counts, limits, launches);
}

TEST(LaunchPlan, RandomWorkListsArePlannedCompletely) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<std::uint64_t> counts(1 + rng() % 20);
    for (auto& c : counts) c = 1 + rng() % 5000;
    const std::uint32_t tile = 1u << (rng() % 8);
    const LaunchLimits limits{tile * (1 + rng() % 64), static_cast<std::uint32_t>(1 + rng() % 9), 1 + rng() % 3000,
                              tile};
    expect_valid(counts, limits, plan_launches(counts, limits));
  }
}

TEST(LaunchPlan, ALaunchWithoutRoomForOneTileIsRefused) {
  EXPECT_THROW(plan_launches({1}, LaunchLimits{64, 1, 64, 128}), std::logic_error);
  EXPECT_THROW(plan_launches({1}, LaunchLimits{128, 0, 64, 128}), std::logic_error);
}

}  // namespace
}  // namespace chokepoint
