// chokepoint._chokepoint: the C++ engine for the Python package chokepoint
// (python/chokepoint/), which shapes what it returns into pandas and NumPy.
#include <pybind11/pybind11.h>

#include "bindings.hh"
#include "version.hh"

PYBIND11_MODULE(_chokepoint, m) {
  m.doc() = "The chokepoint engine; use it through the package chokepoint.";
  m.attr("__version__") = chokepoint::kVersion;
  m.attr("git_commit") = chokepoint::kGitCommit;
  chokepoint::python::bind_errors(m);
  chokepoint::python::bind_results(m);
  chokepoint::python::bind_model(m);
  chokepoint::python::bind_backends(m);
  chokepoint::python::bind_uncertainty(m);
}
