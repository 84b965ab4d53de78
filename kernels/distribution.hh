// A compiled distribution and its sampling by inverse transform.
//
// Every sample takes exactly one uniform number, so a draw's address
// (kernels/rng.hh) names the whole sample.
#pragma once

#include <cmath>
#include <cstdint>

#include "det_math.hh"
#include "macros.hh"

namespace chokepoint {

enum class DistKind : std::int32_t { fixed = 0, uniform, triangular, normal, lognormal, exponential, loguniform, discrete };

/// Most branches of a discrete distribution: they live in the struct, so
/// that a sample needs nothing but the distribution.
inline constexpr std::int32_t kMaxDiscreteValues = 8;

/// Parameters by kind:
///   fixed: a = value          uniform: a = low, b = high
///   triangular: a = low, b = mode, c = high
///   normal: a = mean, b = sd  lognormal: a = log(median), b = sigma
///   exponential: a = mean
///   loguniform: a = log(low), b = log(high) (as read: a = low, b = high)
///   discrete: values[0, n_values) in file order, cumulative[k] the sum of
///     the weights of branches 0..k; the sample at u is the first value whose
///     cumulative weight reaches u
/// Every sample is clamped to [min, max] (infinite when not given).
struct Distribution {
  DistKind kind = DistKind::fixed;
  std::int32_t n_values = 0;  // discrete
  double a = 0.0;
  double b = 0.0;
  double c = 0.0;
  double min = -HUGE_VAL;
  double max = HUGE_VAL;
  double values[kMaxDiscreteValues] = {};
  double cumulative[kMaxDiscreteValues] = {};
};

CP_FUNCTION inline double clamp_to(double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); }

/// The sample at uniform u in (0, 1).
CP_FUNCTION inline double sample(const Distribution& d, double u) {
  double x = d.a;
  switch (d.kind) {
    case DistKind::fixed:
      break;
    case DistKind::uniform:
      x = d.a + (d.b - d.a) * u;
      break;
    case DistKind::triangular: {
      const double width = d.c - d.a;
      const double left = d.b - d.a;
      x = u * width < left ? d.a + sqrt(u * width * left) : d.c - sqrt((1.0 - u) * width * (d.c - d.b));
      break;
    }
    case DistKind::normal:
      x = d.a + d.b * det_normal_quantile(u);
      break;
    case DistKind::lognormal:
      x = det_exp(d.a + d.b * det_normal_quantile(u));
      break;
    case DistKind::exponential:
      x = -d.a * det_log(u);
      break;
    case DistKind::loguniform:
      x = det_exp(d.a + (d.b - d.a) * u);
      break;
    case DistKind::discrete: {
      std::int32_t k = 0;
      while (k + 1 < d.n_values && d.cumulative[k] < u) ++k;
      x = d.values[k];
      break;
    }
  }
  return clamp_to(x, d.min, d.max);
}

/// Whether the distribution can produce a value outside [lo, hi]: its support
/// after clamping. Used by validation, on the host, on the distribution as
/// read (loguniform's a and b are low and high).
inline bool support_within(const Distribution& d, double lo, double hi) {
  double s_lo = d.a;
  double s_hi = d.a;
  switch (d.kind) {
    case DistKind::fixed:
      break;
    case DistKind::uniform:
      s_hi = d.b;
      break;
    case DistKind::triangular:
      s_hi = d.c;
      break;
    case DistKind::normal:
      s_lo = d.b > 0.0 ? -HUGE_VAL : d.a;
      s_hi = d.b > 0.0 ? HUGE_VAL : d.a;
      break;
    case DistKind::lognormal:
      s_lo = d.b > 0.0 ? 0.0 : std::exp(d.a);
      s_hi = d.b > 0.0 ? HUGE_VAL : std::exp(d.a);
      break;
    case DistKind::exponential:
      s_lo = 0.0;
      s_hi = HUGE_VAL;
      break;
    case DistKind::loguniform:
      s_hi = d.b;
      break;
    case DistKind::discrete:
      s_lo = HUGE_VAL;
      s_hi = -HUGE_VAL;
      for (std::int32_t k = 0; k < d.n_values; ++k) {
        s_lo = d.values[k] < s_lo ? d.values[k] : s_lo;
        s_hi = d.values[k] > s_hi ? d.values[k] : s_hi;
      }
      break;
  }
  s_lo = clamp_to(s_lo, d.min, d.max);
  s_hi = clamp_to(s_hi, d.min, d.max);
  return s_lo >= lo && s_hi <= hi;
}

}  // namespace chokepoint
