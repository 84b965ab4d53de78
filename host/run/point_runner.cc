#include "point_runner.hh"

#include <fmt/format.h>

#include <algorithm>

#include "diagnostics.hh"
#include "study_runner.hh"
#include "suggest.hh"

namespace chokepoint {

PointRun run_point(const CompiledModel& model, std::uint64_t first, const PointOptions& options) {
  const AccumulatorShape shape = AccumulatorShape::of(model, default_top_k(options.scenarios));
  const std::unique_ptr<Backend> backend = make_backend(model, shape, options.backend);
  BatchStatistics batches;
  batches.batch_size = batch_size_for(options.scenarios, options.batches);
  const std::uint64_t chunk = std::min(default_chunk_size(options.scenarios), batches.batch_size);
  StudyAccumulator total(shape);
  StudyAccumulator batch(shape);
  for (std::uint64_t batch_first = 0; batch_first < options.scenarios; batch_first += batches.batch_size) {
    const std::uint64_t batch_end = std::min(options.scenarios, batch_first + batches.batch_size);
    for (std::uint64_t s = batch_first; s < batch_end; s += chunk) {
      backend->run(first + s, std::min(chunk, batch_end - s), batch);
    }
    batches.add_batch(batch, model);
    total.merge(batch);
    batch.clear();
  }
  return {compute_statistics(total, batches, model), backend->name(), backend->description(), backend->note()};
}

PointStatistic point_statistic(const StudyStatistics& stats, const CompiledModel& model, const std::string& metric,
                               const std::string& statistic) {
  if (statistic != "mean" && statistic != "cvar99") {
    throw InputError(fmt::format("--statistic: expected mean or cvar99, got \"{}\"", statistic));
  }
  const auto& metrics = model.metrics();
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    if (metrics[m].name != metric) continue;
    const MetricStatistics& s = stats.metrics[m];
    if (statistic == "mean") return {s.mean, stats.batches.mean[m], s.exceedance};
    return {s.cvar[1].value, stats.batches.cvar99[m], s.exceedance};
  }
  std::vector<std::string> names;
  for (const MetricInfo& m : metrics) names.push_back(m.name);
  throw InputError(with_suggestion(fmt::format("--metric: unknown output \"{}\"", metric), metric, names));
}

}  // namespace chokepoint
