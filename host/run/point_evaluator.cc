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

std::vector<PointStatistic> PointEvaluator::evaluate(const std::vector<PointRequest>& group, std::uint64_t first,
                                                     const std::string& metric, const std::string& statistic) {
  std::vector<CompiledModel> models;
  models.reserve(group.size());
  std::vector<const CompiledModel*> pointers;
  for (const PointRequest& p : group) {
    models.push_back(CompiledModel::compile(scenario_at_point(loaded_, factors_, p.point, p.policy)));
    pointers.push_back(&models.back());
  }
  const std::uint64_t before = done_ * options_.scenarios;
  std::vector<PointRun> runs = runner_.run(pointers, first, [&](std::uint64_t scenarios) {
    if (progress_) progress_(before + scenarios, total_ * options_.scenarios);
  });
  backend_ = runs.front().backend;
  description_ = runs.front().backend_description;
  note_ = runs.front().backend_note;
  std::vector<PointStatistic> out;
  for (std::size_t p = 0; p < runs.size(); ++p) out.push_back(point_statistic(runs[p].stats, models[p], metric, statistic));
  done_ += group.size();
  return out;
}

}  // namespace chokepoint
