#include "exact_value.hh"

#include <boost/multiprecision/cpp_int.hpp>

#include <cmath>

namespace chokepoint {

namespace {

using boost::multiprecision::cpp_int;

/// The integer held by the limbs, in units of 2^ExactSum::kLowBit.
cpp_int to_integer(const ExactSum& s) {
  cpp_int v = 0;
  for (int k = ExactSum::kLimbs - 1; k >= 0; --k) {
    v <<= 32;
    v += s.limb[k];
  }
  return v;
}

/// v * 2^exponent as a double.
double scaled(cpp_int v, int exponent) {
  if (v == 0) return 0.0;
  const bool negative = v < 0;
  if (negative) v = -v;
  const auto msb = static_cast<int>(boost::multiprecision::msb(v));
  if (msb > 900) {  // keep the conversion inside double range (drops bits far below the result's precision)
    const int drop = msb - 900;
    v >>= drop;
    exponent += drop;
  }
  const double d = std::ldexp(v.convert_to<double>(), exponent);
  return negative ? -d : d;
}

}  // namespace

double exact_sum_value(const ExactSum& s) { return scaled(to_integer(s), ExactSum::kLowBit); }

double exact_mean(const ExactSum& sum, std::uint64_t n) {
  return n == 0 ? NAN : exact_sum_value(sum) / static_cast<double>(n);
}

double exact_variance(const ExactSum& sum, const ExactSum& sum_sq, std::uint64_t n) {
  if (n < 2) return NAN;
  const cpp_int s1 = to_integer(sum);     // units 2^kLowBit
  const cpp_int s2 = to_integer(sum_sq);  // units 2^kLowBit
  // n * s2 in units 2^(2 kLowBit), minus s1^2.
  const cpp_int numerator = (cpp_int(n) * s2 << -ExactSum::kLowBit) - s1 * s1;
  if (numerator <= 0) return 0.0;
  return scaled(numerator, 2 * ExactSum::kLowBit) / (static_cast<double>(n) * static_cast<double>(n - 1));
}

}  // namespace chokepoint
