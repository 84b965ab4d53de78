#include "point_runner.hh"

#include <fmt/format.h>

#include <algorithm>

#include "diagnostics.hh"
#include "study_runner.hh"
#include "suggest.hh"

namespace chokepoint {

namespace {

bool same_shape(const AccumulatorShape& a, const AccumulatorShape& b) {
  return a.kinds == b.kinds && a.layout.n_sectors == b.layout.n_sectors &&
         a.layout.n_demand_nodes == b.layout.n_demand_nodes && a.layout.n_events == b.layout.n_events &&
         a.weeks == b.weeks && a.top_k == b.top_k;
}

}  // namespace

void PointRunner::prepare(const CompiledModel& model) {
  AccumulatorShape shape = AccumulatorShape::of(model, default_top_k(options_.scenarios));
  if (shape_ && same_shape(*shape_, shape)) {
    if (!backend_->rebind(model)) backend_ = make_backend(model, *shape_, options_.backend);
    return;
  }
  backend_ = make_backend(model, shape, options_.backend);
  total_.emplace(shape);
  batch_.emplace(shape);
  shape_ = std::move(shape);
}

PointRun PointRunner::run(const CompiledModel& model, std::uint64_t first) {
  prepare(model);
  StudyAccumulator& total = *total_;
  StudyAccumulator& batch = *batch_;
  total.clear();
  batch.clear();
  BatchStatistics batches;
  batches.batch_size = batch_size_for(options_.scenarios, options_.batches);
  const std::uint64_t chunk = std::min(default_chunk_size(options_.scenarios), batches.batch_size);
  for (std::uint64_t batch_first = 0; batch_first < options_.scenarios; batch_first += batches.batch_size) {
    const std::uint64_t batch_end = std::min(options_.scenarios, batch_first + batches.batch_size);
    for (std::uint64_t s = batch_first; s < batch_end; s += chunk) {
      backend_->run(first + s, std::min(chunk, batch_end - s), batch);
    }
    batches.add_batch(batch, model);
    total.merge(batch);
    batch.clear();
  }
  return {compute_statistics(total, batches, model), backend_->name(), backend_->description(), backend_->note()};
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
