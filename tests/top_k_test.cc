// The top-K list: the K largest, ties broken by scenario index, merges exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "top_k.hh"

namespace chokepoint {
namespace {

TEST(TopK, KeepsTheLargestWithTheirPayload) {
  TopK top(3, 1);
  const double values[] = {5, 1, 9, 7, 3, 9};
  for (std::uint64_t i = 0; i < 6; ++i) {
    const double payload = values[i] * 10;
    top.offer(values[i], i, 1, &payload);
  }
  const auto entries = top.sorted();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].value, 9);
  EXPECT_EQ(entries[0].scenario, 2u);  // equal values: the smaller index ranks higher
  EXPECT_EQ(entries[1].scenario, 5u);
  EXPECT_EQ(entries[2].value, 7);
  EXPECT_EQ(top.sorted_payloads()[2][0], 70);
}

TEST(TopK, MergeIsOrderIndependent) {
  std::mt19937_64 gen(3);
  std::uniform_int_distribution<int> small(0, 50);  // many ties
  std::vector<double> values(5000);
  for (double& v : values) v = small(gen);
  TopK whole(100, 0);
  for (std::uint64_t i = 0; i < values.size(); ++i) whole.offer(values[i], i, 1, nullptr);

  std::vector<TopK> parts(5, TopK(100, 0));
  for (std::uint64_t i = 0; i < values.size(); ++i) parts[(i * 7) % 5].offer(values[i], i, 1, nullptr);
  TopK merged(100, 0);
  for (int k : {3, 0, 4, 1, 2}) merged.merge(parts[static_cast<std::size_t>(k)]);

  const auto a = whole.sorted();
  const auto b = merged.sorted();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].value, b[i].value);
    EXPECT_EQ(a[i].scenario, b[i].scenario);
  }
}

TEST(TopK, KeepsExactlyTheBruteForceTopKAroundTheFillingOffer) {
  // The heap is built when the list fills (host/stats/top_k.cc): lists just
  // below, at and above their capacity must hold what sorting every offer
  // gives, with each payload still beside its entry.
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<int> small(0, 20);  // many ties, many zeros
  for (const std::size_t offers : {99u, 100u, 101u, 1000u}) {
    std::vector<std::uint64_t> order(offers);
    std::iota(order.begin(), order.end(), std::uint64_t{0});
    std::shuffle(order.begin(), order.end(), gen);  // scenarios arrive in any order
    std::vector<TopK::Entry> all;
    TopK top(100, 1);
    for (const std::uint64_t scenario : order) {
      const double value = small(gen) < 12 ? 0.0 : small(gen);
      const double payload = static_cast<double>(scenario) + 0.5;
      top.offer(value, scenario, 1, &payload);
      all.push_back({value, scenario, 1});
    }
    std::sort(all.begin(), all.end(), [](const TopK::Entry& a, const TopK::Entry& b) {
      return a.value > b.value || (a.value == b.value && a.scenario < b.scenario);
    });
    all.resize(std::min<std::size_t>(all.size(), 100));
    const auto kept = top.sorted();
    const auto payloads = top.sorted_payloads();
    ASSERT_EQ(kept.size(), all.size()) << offers;
    for (std::size_t i = 0; i < kept.size(); ++i) {
      EXPECT_EQ(kept[i].value, all[i].value) << offers << " " << i;
      EXPECT_EQ(kept[i].scenario, all[i].scenario) << offers << " " << i;
      EXPECT_EQ(payloads[i][0], static_cast<double>(kept[i].scenario) + 0.5) << offers << " " << i;
    }
  }
}

TEST(TopK, AnOfferThatDoesNotOutrankTheFloorCannotEnter) {
  TopK top(3, 0);
  EXPECT_TRUE(TopK::outranks(-1e300, 99, top.entry_floor()));  // not full: anything enters
  for (std::uint64_t s = 0; s < 3; ++s) top.offer(0.0, s + 10, 1, nullptr);
  const TopK::Entry floor = top.entry_floor();
  EXPECT_EQ(floor.value, 0.0);
  EXPECT_EQ(floor.scenario, 12u);
  // A tie with a later scenario ranks below the floor; an earlier one above.
  EXPECT_FALSE(TopK::outranks(0.0, 13, floor));
  EXPECT_TRUE(TopK::outranks(0.0, 11, floor));
  EXPECT_TRUE(TopK::outranks(1e-300, 13, floor));
  EXPECT_FALSE(TopK::outranks(-1e-300, 0, floor));
  // What the floor turns away indeed does not enter, and what it lets in does.
  top.offer(0.0, 13, 1, nullptr);
  EXPECT_EQ(top.entry_floor().scenario, 12u);
  top.offer(0.0, 5, 1, nullptr);
  EXPECT_EQ(top.entry_floor().scenario, 11u);  // 12 is out
}

TEST(TopK, TheLargestNAreTheBruteForceOnesInRankOrder) {
  // Values with many ties (as outputs that are often 0 have), checked
  // against a brute-force ranking by value, then smaller scenario.
  std::mt19937_64 rng(11);
  TopK top(500, 0);
  std::vector<std::pair<double, std::uint64_t>> all;
  for (std::uint64_t i = 0; i < 400; ++i) {
    const double v = static_cast<double>(rng() % 7);
    top.offer(v, i, 1, nullptr);
    all.emplace_back(v, i);
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{57}, std::size_t{200}, std::size_t{400},
                              std::size_t{1000}}) {
    const std::vector<TopK::Entry> largest = top.largest(n);
    ASSERT_EQ(largest.size(), std::min<std::size_t>(n, all.size())) << n;
    for (std::size_t i = 0; i < largest.size(); ++i) {
      EXPECT_EQ(largest[i].value, all[i].first) << n << " " << i;
      EXPECT_EQ(largest[i].scenario, all[i].second) << n << " " << i;
    }
  }
}

}  // namespace
}  // namespace chokepoint
