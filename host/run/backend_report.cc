#include "backend_report.hh"

#include <omp.h>

#include <fmt/format.h>

#include "hardware.hh"

#ifdef CHOKEPOINT_HAVE_CUDA
#include "cuda/cuda_runner.hh"
#endif
#ifdef CHOKEPOINT_HAVE_KOKKOS
#include "kokkos/kokkos_runner.hh"
#endif

namespace chokepoint {

std::string describe_backends() {
  const HardwareInfo hw = read_hardware_info();
  std::string out = "backends in this build:\n";
  out += fmt::format("  cpu     yes: OpenMP, {} threads by default ({}, {} logical CPUs, {} GiB memory)\n",
                     omp_get_max_threads(), hw.cpu_model.empty() ? "CPU model unknown" : hw.cpu_model, hw.logical_cpus,
                     hw.memory_bytes >> 30);
#ifdef CHOKEPOINT_HAVE_CUDA
  CudaDevices found;
  try {
    found = find_cuda_devices();
  } catch (const CudaError& e) {
    found.problem = e.what();
  }
  const auto& devices = found.devices;
  if (!found.problem.empty()) {
    out += fmt::format("  cuda    yes, but unusable: {}\n", found.problem);
  } else if (devices.empty()) {
    out += "  cuda    yes, but no CUDA device is visible (no GPU, or no driver)\n";
  } else {
    for (const CudaDeviceInfo& d : devices) {
      out += fmt::format("  cuda    device {}: {}, compute capability {}.{}, {} GiB\n", d.index, d.name,
                         d.compute_major, d.compute_minor, d.total_memory >> 30);
    }
  }
#else
  out += "  cuda    no (built without a CUDA toolkit)\n";
#endif
#ifdef CHOKEPOINT_HAVE_KOKKOS
  out += fmt::format("  kokkos  yes: default execution space {}\n", KokkosRunner::execution_space());
#else
  out += "  kokkos  no (built without Kokkos)\n";
#endif
#ifdef CHOKEPOINT_HAVE_CUDA
  out += fmt::format("--backend auto uses {}\n", devices.empty() ? "the CPU" : "CUDA device 0");
#else
  out += "--backend auto uses the CPU\n";
#endif
  return out;
}

}  // namespace chokepoint
