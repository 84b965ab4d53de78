#include "backend.hh"

#include <fmt/format.h>

#include "diagnostics.hh"

namespace chokepoint {

std::unique_ptr<Backend> make_cpu_backend(const CompiledModel& model, const AccumulatorShape& shape, int threads,
                                          std::uint64_t seed);

std::unique_ptr<Backend> make_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                      const BackendOptions& options) {
  if (options.name == "auto" || options.name == "cpu") {
    return make_cpu_backend(model, shape, options.threads, options.seed);
  }
  throw InputError(fmt::format("unknown backend \"{}\"; this build has: auto, cpu", options.name));
}

}  // namespace chokepoint
