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
    for_each_piece(x, [this](int k, std::int64_t piece) { limb[k] += piece; });
  }

  /// Split x into at most three signed 32-bit pieces and call
  /// add_piece(limb index, piece) for each: the sum of the pieces, limb k
  /// weighing 2^(32k + kLowBit), is x truncated below 2^kLowBit. Device
  /// backends add the pieces with atomics; ExactSum::add adds them in place.
  template <class AddPiece>
  CP_FUNCTION static void for_each_piece(double x, AddPiece&& add_piece) {
    const std::uint64_t bits = double_bits(x);
    const int biased = static_cast<int>((bits >> 52) & 0x7ff);
    if (biased == 0) return;  // zero or subnormal: below 2^kLowBit
    std::uint64_t mantissa = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
    int shift = biased - 1075 - kLowBit;  // the mantissa weighs 2^(biased - 1075)
    if (shift < -52) return;
    if (shift < 0) {
      mantissa >>= -shift;  // truncate bits below 2^kLowBit
      shift = 0;
    }
    const int k = shift >> 5;
    const int offset = shift & 31;
    // mantissa << offset spans up to 85 bits: three 32-bit pieces.
    const std::uint64_t low = mantissa << offset;
    const std::uint64_t high = offset == 0 ? 0 : mantissa >> (64 - offset);
    const std::int64_t pieces[3] = {static_cast<std::int64_t>(low & 0xffffffffULL), static_cast<std::int64_t>(low >> 32),
                                    static_cast<std::int64_t>(high)};
    const bool negative = (bits >> 63) != 0;
    for (int p = 0; p < 3 && k + p < kLimbs; ++p) {
      if (pieces[p] != 0) add_piece(k + p, negative ? -pieces[p] : pieces[p]);
    }
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
};

}  // namespace chokepoint
