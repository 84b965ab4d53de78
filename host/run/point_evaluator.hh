// The model of a file evaluated at factor points, a group of points sharing
// their scenarios at a time on one PointRunner, with progress over the whole
// analysis (used by uncertainty_analysis.cc).
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

/// A point of a group: factor quantiles, and a policy applied after them.
struct PointRequest {
  FactorPoint point;
  std::optional<std::size_t> policy;
};

class PointEvaluator {
 public:
  PointEvaluator(const LoadedScenario& loaded, std::vector<UncertainFactor> factors, const PointOptions& options,
                 std::uint64_t total_points, const ProgressFn& progress);

  /// Compile the model at each point of `group`, run scenarios
  /// [first, first + M) of all of them together (common random numbers),
  /// and return `statistic` of `metric` at each (see point_statistic).
  std::vector<PointStatistic> evaluate(const std::vector<PointRequest>& group, std::uint64_t first,
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
};

}  // namespace chokepoint
