#include "python_run.hh"

#include <utility>

namespace py = pybind11;

namespace chokepoint::python {

PythonRun::PythonRun(py::object callback, std::uint64_t runs)
    : callback_(std::move(callback)),
      runs_(runs),
      progress_([this](std::uint64_t done, std::uint64_t total) { on_progress(done, total); }) {}

void PythonRun::on_progress(std::uint64_t done, std::uint64_t total) {
  if (error_) return;
  const py::gil_scoped_acquire gil;
  try {
    // Python's own SIGINT handler only notes the signal while the GIL is
    // released; this runs it, which raises KeyboardInterrupt.
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    if (!callback_.is_none()) callback_(finished_ * total + done, runs_ * total);
  } catch (py::error_already_set& e) {
    error_.emplace(std::move(e));
    stop_ = true;
  }
}

void PythonRun::raise_if_stopped() {
  if (!error_) return;
  py::error_already_set error = std::move(*error_);
  error_.reset();
  throw error;
}

}  // namespace chokepoint::python
