// Exact, order-independent sums of doubles.
//
// A double is a 53-bit integer times a power of two, so it can be added
// exactly into a wide fixed-point integer. The integer is kept as signed
// 64-bit limbs, each standing for 32 bits of the number (limb k weighs
// 2^(32k + kLowBit)); a value adds 32-bit pieces to at most three limbs and
// the spare high bits of each limb absorb carries. Integer addition is
// associative, so the sum does not depend on the order of the values, the
// number of threads, the chunking or the backend. Bits below 2^kLowBit are
// truncated, the same way for every value (error < 2^-96 per value).
// The range, up to 2^(32 kLimbs + kLowBit) = 2^416, holds sums of squares of
// any output the documented limits allow.
#pragma once

#include <cstdint>

#include "bits.hh"
#include "macros.hh"

namespace chokepoint {

struct ExactSum {
  static constexpr int kLimbs = 16;
  static constexpr int kLowBit = -96;
  /// Limbs may absorb this many additions before carries must be propagated.
  static constexpr std::uint32_t kAddsBeforeCarry = 1u << 30;

  std::int64_t limb[kLimbs] = {};

  /// Add a finite double. Values of magnitude >= 2^400 are outside the
  /// supported range (the model's limits keep every output far below it).
  CP_FUNCTION void add(double x) {
    const std::uint64_t bits = double_bits(x);
    const int biased = static_cast<int>((bits >> 52) & 0x7ff);
    if (biased == 0) return;  // zero or subnormal: below 2^kLowBit
    const std::uint64_t mantissa = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
    const int shift = biased - 1075 - kLowBit;  // mantissa weight 2^(biased-1075)
    if (shift < -52) return;
    const bool negative = (bits >> 63) != 0;
    add_shifted(mantissa, shift, negative);
  }

  /// Propagate carries so that every limb but the top one is in [0, 2^32).
  CP_FUNCTION void normalise() {
    for (int k = 0; k + 1 < kLimbs; ++k) {
      const std::int64_t carry = limb[k] >> 32;  // arithmetic shift: floor division
      limb[k] -= carry * (std::int64_t{1} << 32);
      limb[k + 1] += carry;
    }
  }

  CP_FUNCTION void merge(const ExactSum& other) {
    for (int k = 0; k < kLimbs; ++k) limb[k] += other.limb[k];
  }

 private:
  /// Add mantissa * 2^shift (in units of 2^kLowBit).
  CP_FUNCTION void add_shifted(std::uint64_t mantissa, int shift, bool negative) {
    std::uint64_t lo_part = 0;
    int k = 0;
    if (shift < 0) {
      mantissa >>= -shift;  // truncate bits below 2^kLowBit
      shift = 0;
    }
    k = shift >> 5;
    const int offset = shift & 31;
    // mantissa << offset spans up to 85 bits: split into three 32-bit pieces.
    lo_part = mantissa << offset;  // low 64 bits
    const std::uint64_t hi_part = offset == 0 ? 0 : mantissa >> (64 - offset);
    const std::int64_t pieces[3] = {static_cast<std::int64_t>(lo_part & 0xffffffffULL),
                                    static_cast<std::int64_t>(lo_part >> 32),
                                    static_cast<std::int64_t>(hi_part)};
    for (int p = 0; p < 3 && k + p < kLimbs; ++p) limb[k + p] += negative ? -pieces[p] : pieces[p];
  }
};

}  // namespace chokepoint
