// StudyResult and ComparisonResult: the files of `chokepoint run` and
// `chokepoint compare` as text (the same functions write them), for the
// package to parse into DataFrames.
#include <pybind11/stl.h>

#include "bindings.hh"
#include "comparison_output.hh"
#include "json_writer.hh"
#include "study_result.hh"

namespace py = pybind11;

namespace chokepoint::python {

void bind_results(py::module_& m) {
  py::class_<StudyResult>(m, "StudyResult", "One study's outcome (Model.run).")
      .def_property_readonly(
          "results_json", [](const StudyResult& r) { return to_pretty_json(results_json(r.outcome.id, r.outcome.stats)); },
          "results.json as `chokepoint run` writes it, byte for byte")
      .def_property_readonly(
          "manifest_json", [](const StudyResult& r) { return to_pretty_json(manifest_json(r.outcome.id, r.outcome.record)); },
          "manifest.json: how the study ran (backend, time, hardware)")
      .def_property_readonly("backend", [](const StudyResult& r) { return r.outcome.record.backend; })
      .def_property_readonly("backend_note", [](const StudyResult& r) { return r.outcome.backend_note; })
      .def_property_readonly("wall_seconds", [](const StudyResult& r) { return r.outcome.record.wall_seconds; })
      .def_readonly("scenarios", &StudyResult::scenarios)
      .def_readonly("weights", &StudyResult::weights)
      .def(
          "write_folder",
          [](const StudyResult& r, const std::string& dir) {
            write_study_outputs(dir, r.outcome.id, r.outcome.stats, r.outcome.record);
          },
          py::arg("folder"), "Write the results folder `chokepoint run --out` writes");
  py::class_<ComparisonResult>(m, "ComparisonResult", "A comparison's outcome (Model.compare).")
      .def_property_readonly(
          "comparison_json",
          [](const ComparisonResult& r) {
            return to_pretty_json(comparison_json(r.outcome->baseline.id, r.outcome->comparisons));
          },
          "comparison.json as `chokepoint compare` writes it")
      .def_property_readonly(
          "comparison_csv", [](const ComparisonResult& r) { return comparison_csv(r.outcome->comparisons); },
          "comparison.csv as `chokepoint compare` writes it");
}

}  // namespace chokepoint::python
