// A backend runs ranges of scenarios and accumulates their outputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "compiled_model.hh"
#include "study_accumulator.hh"

namespace chokepoint {

/// One point's share of a launch: scenarios [first, first + count) of point
/// `point` (an index into the models given to Backend::load_points) into
/// `into`.
struct PointWork {
  std::size_t point = 0;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  StudyAccumulator* into = nullptr;
};

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
  /// The models of a group of points of an uncertainty analysis, each with
  /// the outputs, weeks and state shape of the backend's model (their
  /// numbers, and with a policy their supplier links, differ); they must
  /// outlive the run_points calls that use them. `run` then runs the first.
  virtual void load_points(std::vector<const CompiledModel*> models);
  /// Every item of `work`, each into its own accumulator. A device backend
  /// carries many items in one launch (points x scenarios is the work that
  /// fills it); this default runs them one after another, each on the
  /// whole backend.
  virtual void run_points(std::span<const PointWork> work);
  /// How many points of a group to put in one work list. One (the default)
  /// runs the points one after another: each point's chunks fill the CPU's
  /// threads, and its accumulators stay in cache (side by side, ten points'
  /// accumulators cost the CPU 5 to 10%, bench/RESULTS.md); the CUDA
  /// backend, which carries one model per launch today, would mirror a model
  /// per chunk. A backend that carries many points per launch says more.
  [[nodiscard]] virtual std::size_t points_side_by_side() const { return 1; }
  /// Scenarios the study runner hands over in one work list, across as many
  /// batches as that takes (each batch into its own accumulator). Zero (the
  /// default): one chunk per call, which fills the CPU's threads. A device
  /// backend asks for several launches' worth: small batches then share a
  /// launch, and a call's launches overlap their copies and merges.
  [[nodiscard]] virtual std::uint64_t scenarios_per_call() const { return 0; }

 protected:
  /// Run `model` from now on (a model of the backend's shape).
  virtual void bind(const CompiledModel& model) = 0;

 private:
  std::string note_;
  std::vector<const CompiledModel*> points_;
  std::size_t bound_ = 0;  // the point `bind` was last given
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
