// What Model.run and Model.compare return to the Python package: the
// engine's outcome, its files as text, and the kept scenario outputs.
#pragma once

#include <pybind11/numpy.h>

#include <memory>
#include <optional>
#include <string>

#include "study_comparison.hh"
#include "study_pipeline.hh"

namespace chokepoint::python {

struct StudyResult {
  StudyOutcome outcome;
  std::optional<pybind11::array_t<double>> scenarios;  // scenarios x outputs, with keep_scenarios
  std::optional<pybind11::array_t<double>> weights;    // per scenario, with keep_scenarios
};

struct ComparisonResult {
  std::unique_ptr<ComparisonOutcome> outcome;
};

}  // namespace chokepoint::python
