// Histogram bins: edges, closedness, and the stated relative error bound.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "value_bins.hh"

namespace chokepoint {
namespace {

TEST(LogBins, ZeroAndTinyAndHugeValues) {
  EXPECT_EQ(LogBins::bin(0.0), 0);
  EXPECT_EQ(LogBins::bin(1e-300), 1);
  EXPECT_EQ(LogBins::bin(std::ldexp(1.0, LogBins::kMinExponent)), 1);  // (0, 2^-40] is bin 1
  EXPECT_EQ(LogBins::bin(1e300), LogBins::kCount - 1);
}

TEST(LogBins, BinsAreClosedOnTheRight) {
  for (std::int32_t b = 2; b < LogBins::kCount - 1; b += 37) {
    const double upper = LogBins::upper(b);
    EXPECT_EQ(LogBins::bin(upper), b) << "the upper edge belongs to its bin";
    EXPECT_EQ(LogBins::bin(std::nextafter(upper, HUGE_VAL)), b + 1);
    EXPECT_EQ(LogBins::bin(std::nextafter(LogBins::lower(b), HUGE_VAL)), b);
    EXPECT_EQ(LogBins::lower(b + 1), upper);
  }
}

TEST(LogBins, MidpointIsWithinTheStatedRelativeError) {
  std::mt19937_64 gen(1);
  std::uniform_real_distribution<double> exponent(-39.0, 87.0);
  double worst = 0.0;
  for (int i = 0; i < 100000; ++i) {
    const double x = std::pow(2.0, exponent(gen));
    const std::int32_t b = LogBins::bin(x);
    const double mid = 0.5 * (LogBins::lower(b) + LogBins::upper(b));
    worst = std::max(worst, std::fabs(mid - x) / x);
  }
  EXPECT_LE(worst, 1.0 / 256.0);
  EXPECT_GT(worst, 0.9 / 256.0);  // the bound is tight, not loose
}

TEST(RatioBins, Edges) {
  EXPECT_EQ(RatioBins::bin(0.0), 0);
  EXPECT_EQ(RatioBins::bin(1e-12), 1);
  EXPECT_EQ(RatioBins::bin(0.005), 1);
  EXPECT_EQ(RatioBins::bin(0.0051), 2);
  EXPECT_EQ(RatioBins::bin(1.0), RatioBins::kWidths);
  EXPECT_EQ(RatioBins::bin(0.5), 100);
}

}  // namespace
}  // namespace chokepoint
