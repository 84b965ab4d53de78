// An engine run called from Python: it runs without the GIL, so that other
// Python threads go on; between chunks it takes the GIL to notice Ctrl-C and
// to call the optional progress callback. Either one raising stops the run
// after its chunk, and the exception (KeyboardInterrupt, or the callback's)
// reaches the caller.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <cstdint>
#include <optional>

#include "study_runner.hh"

namespace chokepoint::python {

class PythonRun {
 public:
  /// `callback`: None, or a callable (done, total); `runs`: the studies this
  /// call runs one after the other (progress counts them all).
  PythonRun(pybind11::object callback, std::uint64_t runs);

  /// For the engine: progress of the current study; checks for Ctrl-C.
  [[nodiscard]] const ProgressFn& progress() const { return progress_; }
  /// Set when the run must stop (RunControl::stop).
  [[nodiscard]] const std::atomic<bool>* stop() const { return &stop_; }
  /// The current study is done; progress moves on to the next one.
  void next_study() { ++finished_; }

  /// Run `work` without the GIL; then raise the exception that stopped it,
  /// if one did (also when the run finished anyway, with its last chunk).
  template <class Work>
  auto operator()(Work&& work) -> decltype(work()) {
    std::optional<decltype(work())> result;
    try {
      const pybind11::gil_scoped_release release;
      result.emplace(work());
    } catch (const StudyInterrupted&) {
      if (!error_) throw;
    }
    raise_if_stopped();
    return std::move(*result);
  }

 private:
  void on_progress(std::uint64_t done, std::uint64_t total);
  void raise_if_stopped();

  pybind11::object callback_;
  std::uint64_t runs_;
  std::uint64_t finished_ = 0;
  std::atomic<bool> stop_{false};
  std::optional<pybind11::error_already_set> error_;
  ProgressFn progress_;
};

}  // namespace chokepoint::python
