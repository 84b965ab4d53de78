// backends() and synth(): what this build can run on, and synthetic models.
#include <pybind11/stl.h>

#include "backend_report.hh"
#include "bindings.hh"
#include "synth/synthetic_model.hh"

namespace py = pybind11;

namespace chokepoint::python {

void bind_backends(py::module_& m) {
  m.def(
      "backends",
      [] {
        py::list out;
        for (const BackendStatus& s : backend_statuses()) {
          py::dict row;
          row["name"] = s.name;
          row["built"] = s.built;
          row["usable"] = s.usable;
          row["detail"] = s.detail;
          out.append(row);
        }
        return out;
      },
      "The backends of this build and what each one sees here, as `chokepoint info --backends`");
  m.def(
      "synth_text",
      [](std::int64_t nodes, std::int64_t events, std::int64_t weeks, std::uint64_t seed) {
        return synthetic_model_json(SynthOptions{nodes, events, weeks, seed});
      },
      py::arg("nodes"), py::arg("events"), py::arg("weeks"), py::arg("seed"),
      "A synthetic model's JSON text, as `chokepoint synth`");
}

}  // namespace chokepoint::python
