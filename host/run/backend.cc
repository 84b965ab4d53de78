#include "backend.hh"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "diagnostics.hh"

namespace chokepoint {

std::unique_ptr<Backend> make_cpu_backend(const CompiledModel& model, const AccumulatorShape& shape, int threads,
                                          std::uint64_t seed);

#ifdef CHOKEPOINT_HAVE_CUDA
std::unique_ptr<Backend> make_cuda_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                           const BackendOptions& options);
/// Why --backend auto runs on the CPU: empty when a CUDA device is usable.
std::string cuda_fallback_reason();
#endif
#ifdef CHOKEPOINT_HAVE_KOKKOS
std::unique_ptr<Backend> make_kokkos_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                             std::uint64_t seed);
#endif

void Backend::load_points(std::vector<const CompiledModel*> models) {
  points_ = std::move(models);
  bound_ = 0;
  bind(*points_.at(0));
}

void Backend::run_points(std::span<const PointWork> work) {
  for (const PointWork& item : work) {
    if (item.point != bound_) {
      bind(*points_.at(item.point));
      bound_ = item.point;
    }
    run(item.first, item.count, *item.into);
  }
}

std::vector<std::string> built_backends() {
  std::vector<std::string> names = {"auto", "cpu"};
#ifdef CHOKEPOINT_HAVE_CUDA
  names.emplace_back("cuda");
#endif
#ifdef CHOKEPOINT_HAVE_KOKKOS
  names.emplace_back("kokkos");
#endif
  return names;
}

std::unique_ptr<Backend> make_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                      const BackendOptions& options) {
  if (options.name == "cpu") return make_cpu_backend(model, shape, options.threads, options.seed);
  if (options.name == "auto") {
#ifdef CHOKEPOINT_HAVE_CUDA
    const std::string reason = cuda_fallback_reason();
    if (reason.empty()) return make_cuda_backend(model, shape, options);
    auto cpu = make_cpu_backend(model, shape, options.threads, options.seed);
    cpu->set_note(fmt::format("--backend auto: {}, running on the CPU", reason));
    return cpu;
#else
    return make_cpu_backend(model, shape, options.threads, options.seed);
#endif
  }
#ifdef CHOKEPOINT_HAVE_CUDA
  if (options.name == "cuda") return make_cuda_backend(model, shape, options);
#endif
#ifdef CHOKEPOINT_HAVE_KOKKOS
  if (options.name == "kokkos") return make_kokkos_backend(model, shape, options.seed);
#endif
  if (options.name == "cuda" || options.name == "kokkos") {
    throw InputError(fmt::format("--backend {0}: this build of chokepoint has no {0} backend (it was not found when "
                                 "building); backends in this build: {1}",
                                 options.name, fmt::join(built_backends(), ", ")));
  }
  throw InputError(fmt::format("unknown backend \"{}\"; this build has: {}", options.name,
                               fmt::join(built_backends(), ", ")));
}

}  // namespace chokepoint
