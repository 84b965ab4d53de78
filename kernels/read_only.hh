// A view of one of the model's arrays for the per-scenario loop. The model
// is never written while scenarios run, so on a CUDA device its elements
// are loaded through the read-only data path (ld.global.nc, __ldg); nvcc
// does not take that path for a __restrict__ local pointer by itself
// (measured in the PTX, docs/GPU.md). On the host it is a plain pointer.
#pragma once

#include <cstdint>
#include <type_traits>

#include "macros.hh"

namespace chokepoint {

template <class T>
struct ReadOnly {
  const T* data;

  CP_FUNCTION CP_FORCEINLINE T operator[](std::int32_t i) const {
#if CP_DEVICE_COMPILE
    if constexpr (std::is_enum_v<T>) {
      return static_cast<T>(__ldg(reinterpret_cast<const std::underlying_type_t<T>*>(data + i)));
    } else {
      return __ldg(data + i);
    }
#else
    return data[i];
#endif
  }
};

}  // namespace chokepoint
