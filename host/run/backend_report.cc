#include "backend_report.hh"

#include <omp.h>

#include <fmt/format.h>

#include <algorithm>

#include "cpu_simd.hh"
#include "hardware.hh"

#ifdef CHOKEPOINT_HAVE_CUDA
#include "cuda/cuda_runner.hh"
#endif
#ifdef CHOKEPOINT_HAVE_KOKKOS
#include "kokkos/kokkos_runner.hh"
#endif

namespace chokepoint {

std::vector<BackendStatus> backend_statuses() {
  const HardwareInfo hw = read_hardware_info();
  std::vector<BackendStatus> out;
  out.push_back({"cpu", true, true,
                 fmt::format("OpenMP, {} threads by default, {} ({}, {} logical CPUs, {} GiB memory)",
                             omp_get_max_threads(), describe_simd_target(),
                             hw.cpu_model.empty() ? "CPU model unknown" : hw.cpu_model, hw.logical_cpus,
                             hw.memory_bytes >> 30)});
#ifdef CHOKEPOINT_HAVE_CUDA
  CudaDevices found;
  try {
    found = find_cuda_devices();
  } catch (const CudaError& e) {
    found.problem = e.what();
  }
  if (!found.problem.empty()) {
    out.push_back({"cuda", true, false, "unusable: " + found.problem});
  } else if (found.devices.empty()) {
    out.push_back({"cuda", true, false, "no CUDA device is visible (no GPU, or no driver)"});
  }
  for (const CudaDeviceInfo& d : found.devices) {
    out.push_back({"cuda", true, true,
                   fmt::format("device {}: {}, compute capability {}.{}, {} GiB", d.index, d.name, d.compute_major,
                               d.compute_minor, d.total_memory >> 30)});
  }
#else
  out.push_back({"cuda", false, false, "built without a CUDA toolkit"});
#endif
#ifdef CHOKEPOINT_HAVE_KOKKOS
  out.push_back({"kokkos", true, true, fmt::format("default execution space {}", KokkosRunner::execution_space())});
#else
  out.push_back({"kokkos", false, false, "built without Kokkos"});
#endif
  return out;
}

std::string describe_backends() {
  const std::vector<BackendStatus> statuses = backend_statuses();
  std::string out = "backends in this build:\n";
  for (const BackendStatus& s : statuses) {
    const std::string state = !s.built ? "no (" + s.detail + ")" : (s.usable ? "yes: " : "yes, but ") + s.detail;
    out += fmt::format("  {:<7} {}\n", s.name, state);
  }
  const bool gpu = std::any_of(statuses.begin(), statuses.end(),
                               [](const BackendStatus& s) { return s.name == "cuda" && s.usable; });
  out += fmt::format("--backend auto uses {}\n", gpu ? "CUDA device 0" : "the CPU");
  return out;
}

}  // namespace chokepoint
