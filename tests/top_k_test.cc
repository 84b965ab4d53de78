// The top-K list: the K largest, ties broken by scenario index, merges exact.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

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

}  // namespace
}  // namespace chokepoint
