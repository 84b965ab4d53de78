// chokepoint._chokepoint.uncertainty: `chokepoint uncertainty` for a loaded
// model, without the GIL. The files come back as text from the functions
// that write the command's files, so uncertainty.json is the same bytes.
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <optional>

#include "bindings.hh"
#include "diagnostics.hh"
#include "json_writer.hh"
#include "python_run.hh"
#include "uncertainty_output.hh"

namespace py = pybind11;

namespace chokepoint::python {

namespace {

/// What `chokepoint uncertainty` writes, as text, and how it ran.
struct UncertaintyResult {
  std::string uncertainty_json, csv_name, csv, summary, backend, backend_note;
  double wall_seconds = 0.0;
};

}  // namespace

void bind_uncertainty(py::module_& m) {
  py::class_<UncertaintyOptions>(m, "UncertaintyOptions", "The options of `chokepoint uncertainty`.")
      .def(py::init<>())
      .def_readwrite("method", &UncertaintyOptions::method)
      .def_property(
          "scenarios", [](const UncertaintyOptions& o) { return o.point.scenarios; },
          [](UncertaintyOptions& o, std::uint64_t n) { o.point.scenarios = n; })
      .def_property(
          "batches", [](const UncertaintyOptions& o) { return o.point.batches; },
          [](UncertaintyOptions& o, std::uint64_t b) { o.point.batches = b; })
      .def_property(
          "backend", [](const UncertaintyOptions& o) { return o.point.backend.name; },
          [](UncertaintyOptions& o, const std::string& b) { o.point.backend.name = b; })
      .def_readwrite("seed", &UncertaintyOptions::seed)
      .def_readwrite("rows", &UncertaintyOptions::rows)
      .def_readwrite("draws", &UncertaintyOptions::draws)
      .def_readwrite("metric", &UncertaintyOptions::metric)
      .def_readwrite("statistic", &UncertaintyOptions::statistic)
      .def_readwrite("low_quantile", &UncertaintyOptions::low_quantile)
      .def_readwrite("high_quantile", &UncertaintyOptions::high_quantile)
      .def_readwrite("bootstrap_samples", &UncertaintyOptions::bootstrap_samples);
  py::class_<UncertaintyResult>(m, "UncertaintyResult", "An uncertainty analysis's outcome (Model.uncertainty).")
      .def_readonly("uncertainty_json", &UncertaintyResult::uncertainty_json,
                    "uncertainty.json as `chokepoint uncertainty` writes it, byte for byte")
      .def_readonly("csv_name", &UncertaintyResult::csv_name, "tornado.csv, sobol.csv or robustness.csv")
      .def_readonly("csv", &UncertaintyResult::csv, "that CSV table, as the command writes it")
      .def_readonly("summary", &UncertaintyResult::summary, "the summary the command prints")
      .def_readonly("backend", &UncertaintyResult::backend)
      .def_readonly("backend_note", &UncertaintyResult::backend_note)
      .def_readonly("wall_seconds", &UncertaintyResult::wall_seconds);
  m.def(
      "uncertainty",
      [](const LoadedScenario& loaded, const UncertaintyOptions& options, std::optional<int> threads,
         const py::object& progress) {
        UncertaintyOptions o = options;
        if (threads) {
          if (*threads < 1 || *threads > 4096) {
            throw InputError(fmt::format("threads: expected 1 to 4096, got {}", *threads));
          }
          o.point.backend.threads = *threads;
        }
        PythonRun run(progress, 1);
        // The analysis reports progress after every chunk of its points; a
        // Ctrl-C or a raising callback seen there stops it before the next.
        const ProgressFn stop_between_chunks = [&run](std::uint64_t done, std::uint64_t total) {
          run.progress()(done, total);
          if (run.stop()->load()) throw StudyInterrupted(done, total);
        };
        const UncertaintyResults r = run([&] { return run_uncertainty(loaded, o, stop_between_chunks); });
        return UncertaintyResult{to_pretty_json(uncertainty_json(r)), uncertainty_csv_name(r), uncertainty_csv(r),
                                 uncertainty_summary(r, ""), r.backend, r.backend_note, r.wall_seconds};
      },
      py::arg("model"), py::arg("options"), py::arg("threads"), py::arg("progress"),
      "An uncertainty analysis, as `chokepoint uncertainty` (nothing is written)");
}

}  // namespace chokepoint::python
