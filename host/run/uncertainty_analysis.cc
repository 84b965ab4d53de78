#include "uncertainty_analysis.hh"

#include <fmt/format.h>

#include <chrono>

#include "diagnostics.hh"
#include "factor_points.hh"
#include "uncertainty_methods.hh"

namespace chokepoint {

std::uint64_t uncertainty_points(const LoadedScenario& loaded, const UncertaintyOptions& options) {
  const std::uint64_t d = factors_of(loaded).size();
  if (options.method == "tornado") return 2 * d + 1;
  if (options.method == "sobol") return options.rows * (d + 2);
  return options.draws * (loaded.scenario.policies.size() + 1);
}

UncertaintyResults run_uncertainty(const LoadedScenario& loaded, const UncertaintyOptions& options,
                                   const ProgressFn& progress) {
  const std::string& path = loaded.doc.path;
  if (options.method != "tornado" && options.method != "sobol" && options.method != "robustness") {
    throw InputError(fmt::format("--method: expected tornado, sobol or robustness, got \"{}\"", options.method));
  }
  std::vector<UncertainFactor> factors = factors_of(loaded);
  if (factors.empty()) {
    throw InputError(fmt::format("{}: declares no uncertain factors; add an \"uncertain\" array (docs/MODEL.md, "
                                 "\"Uncertain assumptions\")",
                                 path));
  }
  if (options.method == "robustness" && loaded.scenario.policies.empty()) {
    throw InputError(fmt::format("{}: --method robustness ranks policies, and this file defines none", path));
  }
  if (!(0.0 < options.low_quantile && options.low_quantile < options.high_quantile && options.high_quantile < 1.0)) {
    throw InputError(fmt::format("the factor ends must satisfy 0 < low < high < 1, got {} and {}", options.low_quantile,
                                 options.high_quantile));
  }
  const auto start = std::chrono::steady_clock::now();
  UncertaintyResults results;
  results.options = options;
  results.model_name = loaded.scenario.name;
  results.model_sha256 = loaded.sha256;
  results.value_unit = loaded.scenario.value_unit;
  results.horizon_weeks = loaded.scenario.horizon_weeks;
  for (const UncertainFactor& f : factors) results.factors.push_back({f.id, f.label, {}, {}, {}, {}});

  PointOptions point = options.point;
  point.backend.seed = options.seed;
  PointEvaluator evaluator(loaded, std::move(factors), point, uncertainty_points(loaded, options), progress);
  if (options.method == "tornado") run_tornado(options, evaluator, results);
  if (options.method == "sobol") run_sobol(options, evaluator, results);
  if (options.method == "robustness") run_robustness(loaded, options, evaluator, results);
  results.points = evaluator.points();
  results.backend = evaluator.backend();
  results.backend_description = evaluator.backend_description();
  results.backend_note = evaluator.backend_note();
  results.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return results;
}

}  // namespace chokepoint
