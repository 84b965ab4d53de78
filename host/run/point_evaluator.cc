#include "point_evaluator.hh"

#include "factor_points.hh"

namespace chokepoint {

PointEvaluator::PointEvaluator(const LoadedScenario& loaded, std::vector<UncertainFactor> factors,
                               const PointOptions& options, std::uint64_t total_points, const ProgressFn& progress)
    : loaded_(loaded),
      factors_(std::move(factors)),
      options_(options),
      runner_(options),
      total_(total_points),
      progress_(progress) {}

StudyStatistics PointEvaluator::evaluate(const FactorPoint& point, std::optional<std::size_t> policy, std::uint64_t first) {
  last_model_ = CompiledModel::compile(scenario_at_point(loaded_, factors_, point, policy));
  PointRun run = runner_.run(*last_model_, first);
  backend_ = run.backend;
  description_ = run.backend_description;
  note_ = run.backend_note;
  ++done_;
  if (progress_) progress_(done_ * options_.scenarios, total_ * options_.scenarios);
  return std::move(run.stats);
}

PointStatistic PointEvaluator::evaluate(const FactorPoint& point, std::optional<std::size_t> policy, std::uint64_t first,
                                        const std::string& metric, const std::string& statistic) {
  const StudyStatistics stats = evaluate(point, policy, first);
  return point_statistic(stats, *last_model_, metric, statistic);
}

}  // namespace chokepoint
