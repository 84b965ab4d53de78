// Elementary functions that give the same bits on every backend.
//
// The C library's exp/log differ between glibc, CUDA's libdevice and other
// platforms in the last bit, which would break byte-identical results across
// backends. These are fdlibm's table-free algorithms (e_exp.c, e_log.c,
// Sun Microsystems, freely redistributable) and Wichura's AS241 for the normal
// quantile, written with + - * / and sqrt only. IEEE 754 rounds those exactly
// on every platform, provided fused multiply-add contraction is off (the build
// sets -ffp-contract=off and nvcc --fmad=false). All are within 1 ulp of the
// true value (fdlibm's stated bound); tests/det_math_test.cc checks them
// against the C library and pins known answers.
#pragma once

#include <cmath>
#include <cstdint>

#include "bits.hh"
#include "macros.hh"

namespace chokepoint {

namespace detail {
CP_FUNCTION CP_FORCEINLINE std::int32_t high_word(double x) {
  return static_cast<std::int32_t>(double_bits(x) >> 32);
}
CP_FUNCTION CP_FORCEINLINE std::uint32_t low_word(double x) {
  return static_cast<std::uint32_t>(double_bits(x));
}
CP_FUNCTION CP_FORCEINLINE double with_high_word(double x, std::int32_t hi) {
  return double_from_bits((static_cast<std::uint64_t>(static_cast<std::uint32_t>(hi)) << 32) |
                          (double_bits(x) & 0xffffffffULL));
}
CP_FUNCTION CP_FORCEINLINE double from_words(std::int32_t hi, std::uint32_t lo) {
  return double_from_bits((static_cast<std::uint64_t>(static_cast<std::uint32_t>(hi)) << 32) | lo);
}
}  // namespace detail

/// e^x, fdlibm's __ieee754_exp.
CP_FUNCTION inline double det_exp(double x) {
  constexpr double o_threshold = 7.09782712893383973096e+02;
  constexpr double u_threshold = -7.45133219101941108420e+02;
  constexpr double ln2_hi = 6.93147180369123816490e-01;
  constexpr double ln2_lo = 1.90821492927058770002e-10;
  constexpr double inv_ln2 = 1.44269504088896338700e+00;
  constexpr double P1 = 1.66666666666666019037e-01;
  constexpr double P2 = -2.77777777770155933842e-03;
  constexpr double P3 = 6.61375632143793436117e-05;
  constexpr double P4 = -1.65339022054652515390e-06;
  constexpr double P5 = 4.13813679705723846039e-08;
  constexpr double two_m1000 = 9.33263618503218878990e-302;  // 2^-1000

  std::int32_t hx = detail::high_word(x);
  const int negative = (hx >> 31) & 1;
  hx &= 0x7fffffff;

  if (hx >= 0x40862E42) {  // |x| >= 709.78..., or not finite
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | static_cast<std::int32_t>(detail::low_word(x))) != 0) return x + x;  // NaN
      return negative ? 0.0 : x;  // exp(+-inf) = {inf, 0}
    }
    if (x > o_threshold) return HUGE_VAL;
    if (x < u_threshold) return 0.0;
  }

  double hi = 0.0;
  double lo = 0.0;
  std::int32_t k = 0;
  if (hx > 0x3fd62e42) {    // |x| > 0.5 ln2: reduce x = k ln2 + r
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5 ln2
      hi = negative ? x + ln2_hi : x - ln2_hi;
      lo = negative ? -ln2_lo : ln2_lo;
      k = negative ? -1 : 1;
    } else {
      k = static_cast<std::int32_t>(inv_ln2 * x + (negative ? -0.5 : 0.5));
      const double t = k;
      hi = x - t * ln2_hi;  // t * ln2_hi is exact here
      lo = t * ln2_lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {  // |x| < 2^-28
    return 1.0 + x;
  }

  const double t = x * x;
  const double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * 8.98846567431157953865e+307;  // 2^1023
    return y * detail::from_words(0x3ff00000 + (k << 20), 0);
  }
  return y * detail::from_words(0x3ff00000 + ((k + 1000) << 20), 0) * two_m1000;
}

/// Natural logarithm, fdlibm's __ieee754_log.
CP_FUNCTION inline double det_log(double x) {
  constexpr double ln2_hi = 6.93147180369123816490e-01;
  constexpr double ln2_lo = 1.90821492927058770002e-10;
  constexpr double two54 = 1.80143985094819840000e+16;
  constexpr double Lg1 = 6.666666666666735130e-01;
  constexpr double Lg2 = 3.999999999940941908e-01;
  constexpr double Lg3 = 2.857142874366239149e-01;
  constexpr double Lg4 = 2.222219843214978396e-01;
  constexpr double Lg5 = 1.818357216161805012e-01;
  constexpr double Lg6 = 1.531383769920937332e-01;
  constexpr double Lg7 = 1.479819860511658591e-01;

  std::int32_t hx = detail::high_word(x);
  const std::uint32_t lx = detail::low_word(x);
  std::int32_t k = 0;
  if (hx < 0x00100000) {  // x < 2^-1022
    if (((hx & 0x7fffffff) | static_cast<std::int32_t>(lx)) == 0) return -HUGE_VAL;  // log(+-0)
    if (hx < 0) return NAN;  // log(negative)
    k -= 54;
    x *= two54;  // subnormal: scale up
    hx = detail::high_word(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  std::int32_t i = (hx + 0x95f64) & 0x100000;
  x = detail::with_high_word(x, hx | (i ^ 0x3ff00000));  // normalise x or x/2
  k += (i >> 20);
  const double f = x - 1.0;
  const double dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {  // |f| < 2^-20
    if (f == 0.0) return k == 0 ? 0.0 : dk * ln2_hi + dk * ln2_lo;
    const double R = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - R : dk * ln2_hi - ((R - dk * ln2_lo) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  i = hx - 0x6147a;
  const double w = z * z;
  const std::int32_t j = 0x6b851 - hx;
  const double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  i |= j;
  const double R = t2 + t1;
  if (i > 0) {
    const double hfsq = 0.5 * f * f;
    return k == 0 ? f - (hfsq - s * (hfsq + R)) : dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
  }
  return k == 0 ? f - s * (f - R) : dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

namespace detail {
/// Horner evaluation of c[0] + c[1] x + ... + c[7] x^7.
CP_FUNCTION CP_FORCEINLINE double horner8(const double (&c)[8], double x) {
  double acc = c[7];
  for (int k = 6; k >= 0; --k) acc = acc * x + c[k];
  return acc;
}
}  // namespace detail

/// Standard normal quantile for p in (0, 1): Wichura's AS241 (PPND16),
/// accurate to about 1 part in 10^16.
CP_FUNCTION inline double det_normal_quantile(double p) {
  constexpr double a[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
                           1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                           3.3430575583588128105e+4, 2.5090809287301226727e+3};
  constexpr double b[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                           2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
                           5.2264952788528545610e+3};
  constexpr double c[8] = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                           3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                           2.27238449892691845833e-2, 7.74545014278341407640e-4};
  constexpr double d[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                           1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
                           1.05075007164441684324e-9};
  constexpr double e[8] = {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
                           2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                           2.71155556874348757815e-5, 2.01033439929228813265e-7};
  constexpr double f[8] = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                           7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
                           2.04426310338993978564e-15};
  const double q = p - 0.5;
  if (q >= -0.425 && q <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * detail::horner8(a, r) / detail::horner8(b, r);
  }
  double r = sqrt(-det_log(q < 0.0 ? p : 1.0 - p));
  double value;
  if (r <= 5.0) {
    r -= 1.6;
    value = detail::horner8(c, r) / detail::horner8(d, r);
  } else {
    r -= 5.0;
    value = detail::horner8(e, r) / detail::horner8(f, r);
  }
  return q < 0.0 ? -value : value;
}

}  // namespace chokepoint
