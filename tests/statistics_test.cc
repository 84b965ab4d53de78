// Statistics: quantiles within the stated bound, exact where claimed, and
// accumulators that merge the same in any order or grouping.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "exact_value.hh"
#include "study_accumulator.hh"
#include "study_statistics.hh"

namespace chokepoint {
namespace {

AccumulatorShape one_output(MetricKind kind, std::size_t top_k, std::int32_t weeks = 52) {
  AccumulatorShape shape;
  shape.kinds = {kind};
  shape.layout = MetricLayout{0, 0, 0};
  shape.weeks = weeks;
  shape.top_k = top_k;
  return shape;
}

void add(StudyAccumulator& acc, std::uint64_t scenario, double value) {
  double v = value;
  acc.add_scenario(scenario, &v, 1);
}

std::vector<double> lognormal_sample(std::size_t n, unsigned seed) {
  std::mt19937_64 gen(seed);
  std::lognormal_distribution<double> dist(3.0, 2.0);
  std::vector<double> v(n);
  for (double& x : v) x = dist(gen);
  return v;
}

TEST(Statistics, RankAtIsTheSmallestRankReachingTheLevel) {
  EXPECT_EQ(rank_at(0.99, 100), 99u);
  EXPECT_EQ(rank_at(0.991, 100), 100u);
  EXPECT_EQ(rank_at(0.0, 10), 1u);
  // No values: no rank (a fan-chart week that no path reached with any mass).
  EXPECT_EQ(rank_at(0.5, 0), 0u);
}

TEST(Statistics, QuantilesWithinTheStatedRelativeError) {
  const std::vector<double> values = lognormal_sample(50000, 1);
  StudyAccumulator acc(one_output(MetricKind::value, 100));
  for (std::uint64_t i = 0; i < values.size(); ++i) add(acc, i, values[i]);
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const MetricAccumulator& m = acc.metrics()[0];
  const RankedTop top(m.top);
  const std::uint64_t n = values.size();
  for (std::uint64_t rank = 1; rank <= n; rank += 97) {
    const Estimate e = order_statistic(m, top, MetricKind::value, n, rank);
    const double truth = sorted[rank - 1];
    EXPECT_LE(std::fabs(e.value - truth), truth * kBinRelativeError) << "rank " << rank;
    if (e.exact) {
      EXPECT_EQ(e.value, truth);
    }
  }
  // The top 100 order statistics are exact.
  for (std::uint64_t rank = n - 99; rank <= n; ++rank) {
    const Estimate e = order_statistic(m, top, MetricKind::value, n, rank);
    EXPECT_TRUE(e.exact);
    EXPECT_EQ(e.value, sorted[rank - 1]);
  }
}

TEST(Statistics, WholeNumberOutputsAreExact) {
  std::mt19937_64 gen(2);
  std::poisson_distribution<int> dist(3.0);
  StudyAccumulator acc(one_output(MetricKind::count, 10));
  std::vector<double> values;
  for (std::uint64_t i = 0; i < 10000; ++i) {
    values.push_back(std::min(dist(gen), 52));
    add(acc, i, values.back());
  }
  std::sort(values.begin(), values.end());
  const MetricAccumulator& m = acc.metrics()[0];
  const RankedTop top(m.top);
  for (std::uint64_t rank = 1; rank <= values.size(); rank += 13) {
    const Estimate e = order_statistic(m, top, MetricKind::count, values.size(), rank);
    EXPECT_TRUE(e.exact);
    EXPECT_EQ(e.value, values[rank - 1]);
  }
}

TEST(Statistics, ExactSumLimbsAreNormalisedAfterEachIntervalOfAdditions) {
  // A limb takes at most one 32-bit piece per addition, so after normalising
  // (every limb but the top one in [0, 2^32)) and k more additions it stays
  // below (k + 1) 2^32. With the real interval, 2^30 additions, that is the
  // 2^62 bound that keeps a 64-bit limb from overflowing, which would take
  // 2^31 additions of the largest pieces, too many for a test; here the
  // interval is 64 and 1,000 = 15 * 64 + 40 scenarios are added. Unnormalised,
  // limb 3 of the sum (2^32 - 1 = 2^128 2^-96 per addition) would hold
  // 1,000 (2^32 - 1).
  constexpr std::uint32_t kInterval = 64;
  constexpr std::uint64_t kScenarios = 1000;
  constexpr double kLargestPiece = 4294967295.0;
  StudyAccumulator acc(one_output(MetricKind::value, 10), kInterval);
  for (std::uint64_t i = 0; i < kScenarios; ++i) add(acc, i, kLargestPiece);
  const std::int64_t bound = (static_cast<std::int64_t>(kScenarios % kInterval) + 1) << 32;
  const MetricAccumulator& m = acc.metrics()[0];
  for (const ExactSum* sum : {&m.sum, &m.sum_sq, &acc.units_sq()}) {
    for (int k = 0; k + 1 < ExactSum::kLimbs; ++k) {
      EXPECT_GE(sum->limb[k], 0) << "limb " << k;
      EXPECT_LT(sum->limb[k], bound) << "limb " << k;
    }
  }
  EXPECT_EQ(exact_sum_value(m.sum), kLargestPiece * static_cast<double>(kScenarios));  // below 2^53: exact
}

void expect_same(const StudyAccumulator& a, const StudyAccumulator& b) {
  ASSERT_EQ(a.count(), b.count());
  for (std::size_t k = 0; k < a.metrics().size(); ++k) {
    const MetricAccumulator& x = a.metrics()[k];
    const MetricAccumulator& y = b.metrics()[k];
    for (int l = 0; l < ExactSum::kLimbs; ++l) {
      EXPECT_EQ(x.sum.limb[l], y.sum.limb[l]);
      EXPECT_EQ(x.sum_sq.limb[l], y.sum_sq.limb[l]);
    }
    EXPECT_EQ(x.bins, y.bins);
    EXPECT_EQ(x.min, y.min);
    EXPECT_EQ(x.max, y.max);
    EXPECT_EQ(x.positive, y.positive);
    const auto tx = x.top.sorted();
    const auto ty = y.top.sorted();
    ASSERT_EQ(tx.size(), ty.size());
    for (std::size_t i = 0; i < tx.size(); ++i) {
      EXPECT_EQ(tx[i].value, ty[i].value);
      EXPECT_EQ(tx[i].scenario, ty[i].scenario);
    }
  }
}

TEST(Statistics, ReadingRefusesAHistogramThatDoesNotHoldTheMass) {
  // A fuzzed state file raised the total mass (units) far above its
  // histograms' counts, and the statistics on it took minutes.
  const AccumulatorShape shape = one_output(MetricKind::value, 4);
  StudyAccumulator acc(shape);
  for (std::uint64_t i = 0; i < 3; ++i) add(acc, i, 1.0 + static_cast<double>(i));
  ByteWriter out;
  acc.write(out);
  std::string bytes = out.take();
  StudyAccumulator back(shape);
  ByteReader intact(bytes);
  back.read(intact);
  EXPECT_EQ(back.units(), 3u);
  bytes[8 + 5] = 1;  // units, the second u64: 3 + 2^40
  ByteReader damaged(bytes);
  EXPECT_THROW(back.read(damaged), ByteStreamError);
}

TEST(Statistics, MergeIsAssociativeAndOrderIndependent) {
  const std::vector<double> values = lognormal_sample(9000, 3);
  const AccumulatorShape shape = one_output(MetricKind::value, 50);
  std::vector<StudyAccumulator> parts(3, StudyAccumulator(shape));
  for (std::uint64_t i = 0; i < values.size(); ++i) add(parts[i % 3], i, values[i]);

  StudyAccumulator left(shape);  // (A + B) + C
  left.merge(parts[0]);
  left.merge(parts[1]);
  left.merge(parts[2]);
  StudyAccumulator bc(shape);  // A + (B + C)
  bc.merge(parts[1]);
  bc.merge(parts[2]);
  StudyAccumulator right(shape);
  right.merge(parts[0]);
  right.merge(bc);
  StudyAccumulator reversed(shape);  // C + B + A
  for (int k = 2; k >= 0; --k) reversed.merge(parts[static_cast<std::size_t>(k)]);
  StudyAccumulator sequential(shape);  // all in one, in order
  for (std::uint64_t i = 0; i < values.size(); ++i) add(sequential, i, values[i]);
  sequential.merge(StudyAccumulator(shape));  // normalises, like every merged accumulator

  expect_same(left, right);
  expect_same(left, reversed);
  expect_same(left, sequential);
}

/// Every count, sum, bin, extreme, list entry, fan cell and tail entry.
std::string bytes_of(const StudyAccumulator& acc) {
  ByteWriter out;
  acc.write(out);
  return out.take();
}

TEST(Statistics, MergeAndClearOverThreadsEqualsMergingOneByOne) {
  // Four outputs, so that the threads share the parts; three sides, each
  // with its own scenarios, merged at once and one after another.
  AccumulatorShape shape = one_output(MetricKind::value, 40);
  shape.kinds.assign(4, MetricKind::value);
  const std::vector<double> values = lognormal_sample(std::size_t{4} * 3000, 5);
  std::vector<StudyAccumulator> sides(3, StudyAccumulator(shape));
  for (std::uint64_t i = 0; i < 3000; ++i) sides[i % 3].add_scenario(i, &values[4 * i], 1);
  StudyAccumulator one_by_one(shape);
  for (const StudyAccumulator& side : sides) one_by_one.merge(side);
  for (const int threads : {1, 3}) {
    std::vector<StudyAccumulator> copies = sides;
    StudyAccumulator together(shape);
    together.merge_and_clear(copies, threads);
    EXPECT_EQ(bytes_of(together), bytes_of(one_by_one)) << threads << " threads";
    for (const StudyAccumulator& side : copies) EXPECT_EQ(bytes_of(side), bytes_of(StudyAccumulator(shape)));
  }
  EXPECT_NE(bytes_of(one_by_one), bytes_of(StudyAccumulator(shape)));
}

}  // namespace
}  // namespace chokepoint
