// The one-lane policy of the model (kernels/scenario_lanes-inl.hh): a lane's
// double is a double and its mask a bool, so the model compiles to plain
// scalar code. CUDA, Kokkos, replay and the reference CPU path use it; the
// CPU's SIMD targets use the vectors of kernels/cpu/hwy_lanes-inl.hh.
#pragma once

#include <cstdint>

#include "macros.hh"

namespace chokepoint {

struct ScalarLanes {
  static constexpr std::int32_t kWidth = 1;
  using Real = double;
  using Mask = bool;
  using Index = std::int32_t;

  CP_FUNCTION CP_FORCEINLINE static Real set(double x) { return x; }
  /// Element k of a field (any stride: one scenario per GPU thread too).
  template <class Field>
  CP_FUNCTION CP_FORCEINLINE static Real load(const Field& f, std::int32_t k) {
    return f[k];
  }
  template <class Field>
  CP_FUNCTION CP_FORCEINLINE static void store(const Field& f, std::int32_t k, Real v) {
    f[k] = v;
  }
  /// Element k of an int32 field as a double (exact).
  template <class Field>
  CP_FUNCTION CP_FORCEINLINE static Real load_int(const Field& f, std::int32_t k) {
    return static_cast<double>(f[k]);
  }
  CP_FUNCTION CP_FORCEINLINE static Real from_lanes(const double* x) { return x[0]; }
  CP_FUNCTION CP_FORCEINLINE static void to_lanes(Real v, double* x) { x[0] = v; }
  CP_FUNCTION CP_FORCEINLINE static Index lane_index(const std::int32_t* x) { return x[0]; }
  /// base[index] in every lane.
  CP_FUNCTION CP_FORCEINLINE static Real gather(const double* base, Index i) { return base[i]; }
  CP_FUNCTION CP_FORCEINLINE static Real select(Mask m, Real a, Real b) { return m ? a : b; }
  CP_FUNCTION CP_FORCEINLINE static Mask both(Mask a, Mask b) { return a && b; }
  CP_FUNCTION CP_FORCEINLINE static Mask either(Mask a, Mask b) { return a || b; }
  CP_FUNCTION CP_FORCEINLINE static bool any(Mask m) { return m; }
  CP_FUNCTION CP_FORCEINLINE static bool all(Mask m) { return m; }
};

}  // namespace chokepoint
