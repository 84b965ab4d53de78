// A backend runs ranges of scenarios and accumulates their outputs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "compiled_model.hh"
#include "study_accumulator.hh"

namespace chokepoint {

class Backend {
 public:
  virtual ~Backend() = default;
  /// "cpu", "cuda", "kokkos".
  [[nodiscard]] virtual std::string name() const = 0;
  /// Threads or device description, for the manifest.
  [[nodiscard]] virtual std::string description() const = 0;
  /// Simulate scenarios [first, first + count) and add them to the backend's
  /// own accumulators.
  virtual void run(std::uint64_t first, std::uint64_t count) = 0;
  /// Merge everything accumulated since the last collect into `into`.
  virtual void collect(StudyAccumulator& into) = 0;
};

struct BackendOptions {
  std::string name = "auto";  // auto, cpu (cuda, kokkos when built)
  int threads = 0;            // CPU threads; 0: OpenMP's default
  std::uint64_t seed = 0;
};

/// The backend for `options.name`, set up for one compiled model. `model`
/// must outlive the backend. Throws InputError for an unknown or
/// unavailable backend.
std::unique_ptr<Backend> make_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                      const BackendOptions& options);

}  // namespace chokepoint
