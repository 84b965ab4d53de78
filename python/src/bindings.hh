// The parts of the extension module chokepoint._chokepoint, one file each:
// errors (exception types), model (a loaded model, and the runs, comparisons
// and replays it answers), results (what runs and comparisons return),
// backends (what this build runs on, and synthetic models), uncertainty
// (the analyses over a model's uncertain factors).
#pragma once

#include <pybind11/pybind11.h>

namespace chokepoint::python {

void bind_errors(pybind11::module_& m);
void bind_results(pybind11::module_& m);
void bind_model(pybind11::module_& m);
void bind_backends(pybind11::module_& m);
void bind_uncertainty(pybind11::module_& m);

}  // namespace chokepoint::python
