// Histogram bins for scenario outputs, computed from a double's bits so that
// every backend puts a value in the same bin.
//
// Log-linear bins (as in HDR histograms): each power of two between 2^-40
// and 2^88 is split into 128 equal sub-bins, so a bin (lo, hi] has
// hi - lo = 2^e / 128 <= lo / 128. Reporting a value by its bin's midpoint
// is then off by at most 1/256 (0.39%) of the value. Bins are closed on the
// right so that the count above a bin edge x is exactly the number of
// values > x, which the exceedance curve P(value > x) needs.
//
// Bin 0 holds exactly zero; bin 1 holds (0, 2^-40]; the last bin holds values
// above 2^88. Outputs are never negative (docs/MODEL.md).
//
// Weekly shortfall ratios, which lie in [0, 1], use 200 linear bins of width
// 0.005 plus a bin for exactly zero (fan charts).
#pragma once

#include <cmath>
#include <cstdint>

#include "bits.hh"
#include "macros.hh"

namespace chokepoint {

struct LogBins {
  static constexpr int kSubBits = 7;  // 128 sub-bins per octave
  static constexpr int kMinExponent = -40;
  static constexpr int kMaxExponent = 88;
  static constexpr std::int32_t kLinearBins = (kMaxExponent - kMinExponent) << kSubBits;
  static constexpr std::int32_t kCount = kLinearBins + 3;  // zero, underflow, ..., overflow
  static constexpr std::uint64_t kFirstKey = static_cast<std::uint64_t>(kMinExponent + 1023) << kSubBits;

  /// Bin of a value >= 0.
  CP_FUNCTION static std::int32_t bin(double x) {
    if (!(x > 0.0)) return 0;
    // The bits of the double just below x: a value on a bin edge falls in
    // the bin below it.
    const std::uint64_t key = (double_bits(x) - 1) >> (52 - kSubBits);
    if (key < kFirstKey) return 1;
    const std::uint64_t k = key - kFirstKey;
    return k >= static_cast<std::uint64_t>(kLinearBins) ? kCount - 1 : static_cast<std::int32_t>(k) + 2;
  }

  /// Lower edge of a linear bin (exclusive); 0 for bins 0 and 1.
  static double lower(std::int32_t b) {
    if (b <= 1) return 0.0;
    if (b == kCount - 1) return std::ldexp(1.0, kMaxExponent);
    const std::int32_t k = b - 2;
    const int e = kMinExponent + (k >> kSubBits);
    const int sub = k & ((1 << kSubBits) - 1);
    return std::ldexp(1.0 + sub / 128.0, e);
  }
  /// Upper edge of a bin (inclusive).
  static double upper(std::int32_t b) {
    if (b == 0) return 0.0;
    if (b == 1) return std::ldexp(1.0, kMinExponent);
    if (b == kCount - 1) return HUGE_VAL;
    return lower(b + 1);
  }
};

/// Whole-number outputs (weeks, event starts) in [0, horizon]: one bin per value, exact.
struct WholeBins {
  CP_FUNCTION static std::int32_t bin(double v, std::int32_t horizon) {
    if (!(v > 0.0)) return 0;
    return v >= static_cast<double>(horizon) ? horizon : static_cast<std::int32_t>(v);
  }
};

struct RatioBins {
  static constexpr std::int32_t kWidths = 200;
  static constexpr std::int32_t kCount = kWidths + 1;
  static constexpr double kWidth = 1.0 / kWidths;

  /// Bin of a ratio in [0, 1]: 0 for exactly zero, k for ((k-1)/200, k/200].
  CP_FUNCTION static std::int32_t bin(double r) {
    if (!(r > 0.0)) return 0;
    const double k = ceil(r * kWidths);
    return k >= kWidths ? kWidths : static_cast<std::int32_t>(k);
  }
  static double upper(std::int32_t b) { return b * kWidth; }
};

}  // namespace chokepoint
