// A backend runs ranges of scenarios and accumulates their outputs.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
  /// Why this backend was chosen when it is not the one asked for ("auto"
  /// without a GPU), for the user; empty otherwise.
  [[nodiscard]] const std::string& note() const { return note_; }
  void set_note(std::string note) { note_ = std::move(note); }
  /// Simulate scenarios [first, first + count) and merge their statistics
  /// into `into` (whose top-K lists also tell a device which values are
  /// worth sending back).
  virtual void run(std::uint64_t first, std::uint64_t count, StudyAccumulator& into) = 0;
  /// Run `model` from now on, a model of the same shape (outputs, weeks) as
  /// the one the backend was made for, with other parameters (the points of
  /// an uncertainty analysis); it must outlive the backend's use of it.
  /// False when this backend cannot, and a new one must be made.
  virtual bool rebind(const CompiledModel& /*model*/) { return false; }

 private:
  std::string note_;
};

struct BackendOptions {
  std::string name = "auto";  // auto, cpu, and cuda or kokkos when built
  int threads = 0;            // CPU threads; 0: OpenMP's default
  std::uint64_t seed = 0;
  int device = 0;                       // CUDA device index
  std::uint32_t max_device_chunk = 0;   // CUDA scenarios per chunk at most; 0: sized from free memory
  bool accumulate = true;               // false: benchmarks of the model without statistics (CUDA)
};

/// Names accepted by --backend in this build.
std::vector<std::string> built_backends();

/// The backend for `options.name`, set up for one compiled model. `model`
/// must outlive the backend. Throws InputError for an unknown or
/// unavailable backend.
std::unique_ptr<Backend> make_backend(const CompiledModel& model, const AccumulatorShape& shape,
                                      const BackendOptions& options);

}  // namespace chokepoint
