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

void PointRunner::prepare(const std::vector<const CompiledModel*>& models) {
  AccumulatorShape shape = AccumulatorShape::of(*models.at(0), default_top_k(options_.scenarios));
  if (!shape_ || !same_shape(*shape_, shape)) {
    backend_ = make_backend(*models[0], shape, options_.backend);
    totals_.clear();
    batches_.clear();
    shape_ = std::move(shape);
  }
  side_by_side_ = std::clamp<std::size_t>(backend_->points_side_by_side(), 1, models.size());
  while (totals_.size() < side_by_side_) {
    totals_.emplace_back(*shape_);
    batches_.emplace_back(*shape_);
  }
  backend_->load_points(models);
}

std::vector<PointRun> PointRunner::run(const std::vector<const CompiledModel*>& models, std::uint64_t first,
                                       const ChunkDoneFn& chunk_done) {
  prepare(models);
  const std::size_t n = models.size();
  std::vector<PointRun> runs;
  for (std::size_t begin = 0; begin < n; begin += side_by_side_) {
    const std::size_t end = std::min(n, begin + side_by_side_);
    const std::uint64_t done_before = begin * options_.scenarios;
    run_side_by_side(models, begin, end, first, [&](std::uint64_t scenarios) {
      if (chunk_done) chunk_done(done_before + scenarios);
    });
    for (std::size_t p = begin; p < end; ++p) {
      runs.push_back({compute_statistics(totals_[p - begin], batches_statistics_[p - begin], *models[p]),
                      backend_->name(), backend_->description(), backend_->note()});
    }
  }
  return runs;
}

void PointRunner::run_side_by_side(const std::vector<const CompiledModel*>& models, std::size_t begin, std::size_t end,
                                   std::uint64_t first, const ChunkDoneFn& chunk_done) {
  const std::size_t n = end - begin;  // accumulators 0 .. n-1 serve points begin .. end-1
  const std::uint64_t batch_size = batch_size_for(options_.scenarios, options_.batches);
  batches_statistics_.assign(n, BatchStatistics{});
  for (std::size_t k = 0; k < n; ++k) {
    totals_[k].clear();
    batches_[k].clear();
    batches_statistics_[k].batch_size = batch_size;
  }
  // Each work list holds a chunk of every point: a device backend that takes
  // several launches' worth per call gets that much, shared by the points.
  const std::uint64_t chunk =
      std::min(std::max(default_chunk_size(options_.scenarios), backend_->scenarios_per_call() / n), batch_size);
  std::vector<PointWork> work(n);
  for (std::uint64_t batch_first = 0; batch_first < options_.scenarios; batch_first += batch_size) {
    const std::uint64_t batch_end = std::min(options_.scenarios, batch_first + batch_size);
    for (std::uint64_t s = batch_first; s < batch_end; s += chunk) {
      for (std::size_t k = 0; k < n; ++k) work[k] = {begin + k, first + s, std::min(chunk, batch_end - s), &batches_[k]};
      backend_->run_points(work);
      chunk_done((s + work[0].count) * n);
    }
    for (std::size_t k = 0; k < n; ++k) {
      batches_statistics_[k].add_batch(batches_[k], *models[begin + k]);
      totals_[k].merge(batches_[k]);
      batches_[k].clear();
    }
  }
}

PointRun PointRunner::run(const CompiledModel& model, std::uint64_t first) {
  return std::move(run(std::vector<const CompiledModel*>{&model}, first).front());
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
