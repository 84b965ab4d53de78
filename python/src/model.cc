// chokepoint._chokepoint.Model: a checked model (from a file or from text)
// and what it answers: info, replay, run, compare. The same functions as
// the commands of host/cli/, so that files and numbers are the same.
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <optional>

#include "bindings.hh"
#include "diagnostics.hh"
#include "file_input_error.hh"
#include "hardware.hh"
#include "model_info.hh"
#include "model_selection.hh"
#include "python_run.hh"
#include "replay.hh"
#include "replay_format.hh"
#include "scenario_outputs.hh"
#include "study_result.hh"

namespace py = pybind11;

namespace chokepoint::python {

namespace {

/// Largest kept scenario matrix (scenarios x outputs doubles): 2 GiB.
constexpr std::size_t kMaxKeptBytes = std::size_t{1} << 31;
/// Scenarios per step of the keep_scenarios pass, between Ctrl-C checks.
constexpr std::uint64_t kKeepChunk = 1 << 14;

/// The manifest's command line: the Python program's arguments.
std::vector<std::string> python_command_line() {
  std::vector<std::string> args{"python"};
  const py::module_ sys = py::module_::import("sys");
  for (const py::handle arg : sys.attr("argv")) args.push_back(py::str(arg));
  return args;
}

StudyOptions study_options(std::uint64_t scenarios, std::uint64_t seed, const std::string& backend,
                           std::optional<int> threads) {
  StudyOptions options;
  options.scenarios = scenarios;
  options.seed = seed;
  options.backend.name = backend;
  if (threads) {
    if (*threads < 1 || *threads > 4096) throw InputError(fmt::format("threads: expected 1 to 4096, got {}", *threads));
    options.backend.threads = *threads;
  }
  return options;
}

/// One study of `selected` without the GIL; not written anywhere.
StudyOutcome run_one(const SelectedModel& selected, const StudyOptions& options, PythonRun& run) {
  const std::string started = utc_timestamp();
  RunControl control;
  control.stop = run.stop();
  const StudyRun study = run([&] { return run_study(selected.model, options, run.progress(), control); });
  return study_outcome(selected, options, study, selected.loaded.doc.path, python_command_line(), started);
}

/// Refuse keep_scenarios above kMaxKeptBytes, before anything runs.
void check_kept_size(const SelectedModel& selected, const StudyOptions& options) {
  const std::size_t outputs = selected.model.metrics().size();
  if (options.scenarios > kMaxKeptBytes / sizeof(double) / outputs) {
    throw InputError(fmt::format(
        "keep_scenarios: {} scenarios x {} outputs need {:.1f} GiB, above the limit of {} GiB; at most {} scenarios "
        "of this model can be kept",
        options.scenarios, outputs, static_cast<double>(options.scenarios) * static_cast<double>(outputs * sizeof(double)) / (1 << 30), kMaxKeptBytes >> 30,
        kMaxKeptBytes / sizeof(double) / outputs));
  }
}

/// Every output of every scenario, as a second pass on the CPU.
void keep_scenarios(StudyResult& result, const SelectedModel& selected, const StudyOptions& options, PythonRun& run) {
  const std::size_t outputs = selected.model.metrics().size();
  py::array_t<double> values({static_cast<py::ssize_t>(options.scenarios), static_cast<py::ssize_t>(outputs)});
  py::array_t<double> weights(static_cast<py::ssize_t>(options.scenarios));
  double* values_data = values.mutable_data();
  double* weights_data = weights.mutable_data();
  run.next_study();
  run([&] {
    for (std::uint64_t first = 0; first < options.scenarios && !run.stop()->load(); first += kKeepChunk) {
      const std::uint64_t count = std::min(kKeepChunk, options.scenarios - first);
      scenario_outputs(selected.model, options.seed, first, count, options.backend.threads,
                       values_data + first * outputs, weights_data + first);
      run.progress()(first + count, options.scenarios);
    }
    return 0;
  });
  result.scenarios = std::move(values);
  result.weights = std::move(weights);
}

}  // namespace

void bind_model(py::module_& m) {
  py::class_<LoadedScenario>(m, "Model", "A checked model (chokepoint/1).")
      .def_static(
          "load",
          [](const std::string& path) {
            try {
              return load_scenario(path);
            } catch (const FileInputError&) {
              throw;
            } catch (const InputError& e) {
              throw FileInputError(e.what(), path, {});  // the file itself: missing, a folder, too large
            }
          },
          py::arg("path"), "Read and check a scenario file")
      .def_static(
          "from_text", [](const std::string& text, const std::string& name) { return load_scenario_text(name, text); },
          py::arg("text"), py::arg("name"), "Check a model given as JSON text; `name` stands for the path in messages")
      .def_property_readonly("path", [](const LoadedScenario& l) { return l.doc.path; })
      .def_property_readonly("text", [](const LoadedScenario& l) { return l.doc.text; })
      .def_property_readonly("sha256", [](const LoadedScenario& l) { return l.sha256; })
      .def_property_readonly("name", [](const LoadedScenario& l) { return l.scenario.name; })
      .def_property_readonly("policies",
                             [](const LoadedScenario& l) {
                               std::vector<std::string> ids;
                               for (const Policy& p : l.scenario.policies) ids.push_back(p.id);
                               return ids;
                             })
      .def_property_readonly("stress_tests",
                             [](const LoadedScenario& l) {
                               std::vector<std::string> ids;
                               for (const StressTest& t : l.scenario.stress_tests) ids.push_back(t.id);
                               return ids;
                             })
      .def(
          "info",
          [](const LoadedScenario& l, const std::string& policy, const std::string& stress) {
            return describe_model(*select_model(l, policy, stress));
          },
          py::arg("policy"), py::arg("stress"), "The text of `chokepoint info`")
      .def(
          "replay_csv",
          [](const LoadedScenario& l, std::uint64_t scenario, std::uint64_t seed, const std::string& policy,
             const std::string& stress, const std::string& importance) {
            if (scenario >= kMaxScenarios) {
              throw InputError(fmt::format("scenario: expected 0 to {}, got {}", kMaxScenarios - 1, scenario));
            }
            const auto selected = select_model(l, policy, stress, importance);
            return format_trace_csv(*selected, replay_scenario(selected->model, seed, scenario));
          },
          py::arg("scenario"), py::arg("seed"), py::arg("policy"), py::arg("stress"), py::arg("importance"),
          "The CSV of `chokepoint replay --csv`")
      .def(
          "run",
          [](const LoadedScenario& l, std::uint64_t scenarios, std::uint64_t seed, const std::string& policy,
             const std::string& stress, const std::string& importance, const std::string& backend,
             std::optional<int> threads, bool keep, const py::object& progress) {
            const auto selected = select_model(l, policy, stress, importance);
            const StudyOptions options = study_options(scenarios, seed, backend, threads);
            if (keep) check_kept_size(*selected, options);
            PythonRun run(progress, keep ? 2 : 1);
            StudyResult result{run_one(*selected, options, run), std::nullopt, std::nullopt};
            if (keep) keep_scenarios(result, *selected, options, run);
            return result;
          },
          py::arg("scenarios"), py::arg("seed"), py::arg("policy"), py::arg("stress"), py::arg("importance"),
          py::arg("backend"), py::arg("threads"), py::arg("keep_scenarios"), py::arg("progress"),
          "A study, as `chokepoint run` (nothing is written)")
      .def(
          "compare",
          [](const LoadedScenario& l, std::uint64_t scenarios, std::uint64_t seed, const std::string& policies,
             const std::string& stress, const std::string& importance, const std::string& backend,
             std::optional<int> threads, const py::object& progress) {
            const ComparisonSelection selection = select_comparison(l, policies, stress);
            const StudyOptions options = study_options(scenarios, seed, backend, threads);
            PythonRun run(progress, 1 + selection.policies.size() + selection.stress_tests.size());
            const ComparisonRun run_variant = [&](const std::string& policy, const std::string& stress_test,
                                                  const std::string&) {
              StudyOutcome outcome = run_one(*select_model(l, policy, stress_test, importance), options, run);
              run.next_study();
              return outcome;
            };
            return ComparisonResult{std::make_unique<ComparisonOutcome>(run_comparison(l, selection, run_variant))};
          },
          py::arg("scenarios"), py::arg("seed"), py::arg("policies"), py::arg("stress"), py::arg("importance"),
          py::arg("backend"), py::arg("threads"), py::arg("progress"),
          "The baseline, policies and stress tests on the same scenarios, as `chokepoint compare`");
}

}  // namespace chokepoint::python
