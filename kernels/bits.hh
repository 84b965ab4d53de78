// Reinterpreting a double's bits, on host and device alike.
#pragma once

#include <cstdint>
#include <cstring>

#include "macros.hh"

namespace chokepoint {

CP_FUNCTION CP_FORCEINLINE std::uint64_t double_bits(double x) {
#if CP_DEVICE_COMPILE
  return static_cast<std::uint64_t>(__double_as_longlong(x));
#else
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
#endif
}

CP_FUNCTION CP_FORCEINLINE double double_from_bits(std::uint64_t b) {
#if CP_DEVICE_COMPILE
  return __longlong_as_double(static_cast<long long>(b));
#else
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
#endif
}

}  // namespace chokepoint
