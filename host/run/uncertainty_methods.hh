// The analyses of uncertainty_analysis.hh, one file each; each fills its
// parts of the results.
#pragma once

#include "point_evaluator.hh"
#include "uncertainty_analysis.hh"

namespace chokepoint {

void run_tornado(const UncertaintyOptions& options, PointEvaluator& evaluator, UncertaintyResults& results);
void run_sobol(const UncertaintyOptions& options, PointEvaluator& evaluator, UncertaintyResults& results);
void run_robustness(const LoadedScenario& loaded, const UncertaintyOptions& options, PointEvaluator& evaluator,
                    UncertaintyResults& results);

}  // namespace chokepoint
