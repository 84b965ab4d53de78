// Host/device qualifiers, so that the per-scenario model is written once and
// compiled by the host compiler for the CPU backends and by nvcc for CUDA.
#pragma once

#if defined(__CUDACC__) || defined(__HIPCC__)
#define CP_FUNCTION __host__ __device__
#define CP_FORCEINLINE __forceinline__
#else
#define CP_FUNCTION
#define CP_FORCEINLINE inline __attribute__((always_inline))
#endif

#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
#define CP_DEVICE_COMPILE 1
#else
#define CP_DEVICE_COMPILE 0
#endif
