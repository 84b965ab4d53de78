// The model of a file evaluated at factor points, one after another on one
// PointRunner, with progress over the whole analysis (used by
// uncertainty_analysis.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "point_runner.hh"
#include "scenario_loader.hh"
#include "study_runner.hh"
#include "uncertain_factors.hh"

namespace chokepoint {

class PointEvaluator {
 public:
  PointEvaluator(const LoadedScenario& loaded, std::vector<UncertainFactor> factors, const PointOptions& options,
                 std::uint64_t total_points, const ProgressFn& progress);

  /// Compile the model at `point` (with policy `policy` applied after the
  /// factors), run scenarios [first, first + M) and return the statistics.
  StudyStatistics evaluate(const FactorPoint& point, std::optional<std::size_t> policy, std::uint64_t first);
  /// `statistic` of `metric` at the point (see point_statistic).
  PointStatistic evaluate(const FactorPoint& point, std::optional<std::size_t> policy, std::uint64_t first,
                          const std::string& metric, const std::string& statistic);

  [[nodiscard]] std::uint64_t points() const { return done_; }
  [[nodiscard]] const std::string& backend() const { return backend_; }
  [[nodiscard]] const std::string& backend_description() const { return description_; }
  [[nodiscard]] const std::string& backend_note() const { return note_; }

 private:
  const LoadedScenario& loaded_;
  std::vector<UncertainFactor> factors_;
  PointOptions options_;
  PointRunner runner_;
  std::uint64_t total_;
  ProgressFn progress_;
  std::uint64_t done_ = 0;
  std::string backend_, description_, note_;
  std::optional<CompiledModel> last_model_;  // the model behind the last statistics (its metric names)
};

}  // namespace chokepoint
