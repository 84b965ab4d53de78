#include "study_runner.hh"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>

#include <omp.h>

#include "diagnostics.hh"
#include "resource_estimate.hh"
#include "study_statistics.hh"
#include "suggest.hh"

namespace chokepoint {

std::size_t default_top_k(std::uint64_t scenarios) {
  const auto k = static_cast<std::uint64_t>(std::ceil(0.05 * static_cast<double>(scenarios))) + 1;
  return static_cast<std::size_t>(std::min<std::uint64_t>(k, 16384));
}

std::uint64_t largest_scenarios(const StudyOptions& options) {
  if (!options.target) return options.scenarios;
  const std::uint64_t limit = options.target->max_scenarios;
  return std::min(kMaxScenarios, limit > 0 ? limit : 100 * options.scenarios);
}

std::size_t resolved_top_k(const StudyOptions& options) {
  return options.top_k > 0 ? options.top_k : default_top_k(largest_scenarios(options));
}

std::uint64_t default_chunk_size(std::uint64_t scenarios) {
  return std::clamp<std::uint64_t>((scenarios + 199) / 200, 1024, 65536);
}

namespace {

void check_target(const CompiledModel& model, const PrecisionTarget& target) {
  const auto& metrics = model.metrics();
  if (std::none_of(metrics.begin(), metrics.end(), [&](const MetricInfo& m) { return m.name == target.metric; })) {
    std::vector<std::string> names;
    for (const MetricInfo& m : metrics) names.push_back(m.name);
    throw InputError(with_suggestion(fmt::format("--target-metric: unknown output \"{}\"", target.metric), target.metric, names));
  }
  const std::vector<std::string> statistics = {"mean", "var95", "var99", "cvar95", "cvar99"};
  if (std::find(statistics.begin(), statistics.end(), target.statistic) == statistics.end()) {
    throw InputError(fmt::format("--target-statistic: expected one of mean, var95, var99, cvar95, cvar99, got \"{}\"",
                                 target.statistic));
  }
  if (!(target.relative_half_width > 0.0)) {
    throw InputError(fmt::format("--target-rel-ci must be > 0, got {}", target.relative_half_width));
  }
}

/// The estimate and 95% half-width of the target's statistic so far.
std::pair<double, double> interval_of(const StudyRun& run, const CompiledModel& model, const PrecisionTarget& target) {
  const StudyStatistics stats = compute_statistics(run.accumulator, run.batches, model);
  for (const MetricStatistics& m : stats.metrics) {
    if (m.name != target.metric) continue;
    const auto half = [](const Interval& ci) { return (ci.second - ci.first) / 2.0; };
    if (target.statistic == "mean") return {m.mean, half(m.mean_ci)};
    if (target.statistic == "var95") return {m.var[0].value, half(m.var_ci[0])};
    if (target.statistic == "var99") return {m.var[1].value, half(m.var_ci[1])};
    const std::size_t i = target.statistic == "cvar95" ? 0 : 1;
    return {m.cvar[i].value, m.cvar_ci[i] ? half(*m.cvar_ci[i]) : HUGE_VAL};
  }
  return {NAN, HUGE_VAL};
}

}  // namespace

std::uint64_t batch_count(const StudyOptions& options) {
  const std::uint64_t size = batch_size_for(options.scenarios, options.batches);
  return options.scenarios / size + (options.scenarios % size != 0 ? 1 : 0);
}

StudyRun run_study(const CompiledModel& model, const StudyOptions& options, const ProgressFn& progress,
                   const RunControl& control) {
  if (options.batches == 0) throw InputError("the number of batches must be at least 1");
  if (options.target) check_target(model, *options.target);
  if (options.scenarios == 0 || options.scenarios > kMaxScenarios) {
    throw InputError(fmt::format("the number of scenarios must be between 1 and {} (2^48), got {}", kMaxScenarios,
                                 options.scenarios));
  }
  const auto start = std::chrono::steady_clock::now();
  // A study that may grow to its target's limit keeps a top-K list sized for that.
  const std::size_t top_k = resolved_top_k(options);
  const AccumulatorShape shape = AccumulatorShape::of(model, top_k);
  // The study's threads: the CPU backend's, and the host's for merging
  // batches and their statistics on any backend.
  const int host_threads = options.backend.threads > 0 ? options.backend.threads : omp_get_max_threads();
  check_memory(model, options, host_threads);
  BackendOptions backend_options = options.backend;
  backend_options.seed = options.seed;
  const std::unique_ptr<Backend> backend = make_backend(model, shape, backend_options);
  StudyRun run{StudyAccumulator(shape), BatchStatistics{}, backend->name(), backend->description(), backend->note(), 0.0,
               std::nullopt};

  // Batch by batch: each batch accumulates on its own, its statistics are
  // recorded (batch-means CIs), then it joins the study's total.
  const std::uint64_t start_n = options.scenarios;
  const std::uint64_t batch_size = batch_size_for(start_n, options.batches);
  run.batches.batch_size = batch_size;
  const std::uint64_t chunk = chunk_size_of(options);
  StudyAccumulator batch(shape);
  std::uint64_t resume_from = 0;
  if (control.resume != nullptr) {
    run.accumulator.merge(control.resume->total);
    run.batches = control.resume->batches;
    batch.merge(control.resume->batch);
    resume_from = control.resume->next_scenario;
  }
  // Scenarios [first, end) in whole batches, handed to the backend in work
  // lists of about `per_call` scenarios; `total` is for progress. A list may
  // span several batches: the first goes on in `batch` (which may hold a
  // resumed part), the others into accumulators of `later`.
  const std::uint64_t per_call =
      std::max(chunk, std::min(backend->scenarios_per_call(), kMaxBatchesPerCall * batch_size));
  std::deque<StudyAccumulator> later;  // a deque: growing it moves none
  std::vector<PointWork> work;
  std::vector<std::uint64_t> batch_ends;  // of the batches the list reaches into, in order
  const auto accumulator = [&](std::size_t b) -> StudyAccumulator& { return b == 0 ? batch : later[b - 1]; };
  // Run the list, record the batches it completed, and leave the one it
  // stopped in as `batch`.
  const auto run_work = [&](std::uint64_t range_end, std::uint64_t total) {
    backend->run_points(work);
    const std::uint64_t end = work.back().first + work.back().count;
    if (progress) progress(end, total);
    for (std::size_t b = 0; b < batch_ends.size(); ++b) {
      if (b + 1 < batch_ends.size() || end == batch_ends[b]) {
        // The batch is complete: record it before anyone takes a snapshot,
        // so that a snapshot never holds a finished but unrecorded batch.
        run.batches.add_batch(accumulator(b), model, host_threads);
        run.accumulator.merge_and_clear({&accumulator(b), 1}, host_threads);
      } else if (b > 0) {
        std::swap(batch, accumulator(b));  // `batch` was complete and is clear
      }
    }
    work.clear();
    batch_ends.clear();
    const bool stopping = control.stop != nullptr && control.stop->load() && end < range_end;
    if (control.after_chunk) control.after_chunk({run.accumulator, run.batches, batch, end}, stopping);
    if (stopping) throw StudyInterrupted(end, total);
  };
  const auto run_range = [&](std::uint64_t range_first, std::uint64_t range_end, std::uint64_t total) {
    std::uint64_t listed = 0;  // scenarios in `work`
    for (std::uint64_t batch_first = range_first; batch_first < range_end; batch_first += batch_size) {
      const std::uint64_t index = batch_first / batch_size;
      if (index < control.first_batch || index >= control.end_batch) continue;
      const std::uint64_t batch_end = std::min(range_end, batch_first + batch_size);
      if (batch_end <= resume_from) continue;  // finished before the checkpoint
      batch_ends.push_back(batch_end);
      if (later.size() + 1 < batch_ends.size()) later.emplace_back(shape);
      StudyAccumulator* into = &accumulator(batch_ends.size() - 1);
      for (std::uint64_t first = std::max(batch_first, resume_from); first < batch_end; first += chunk) {
        const std::uint64_t count = std::min(chunk, batch_end - first);
        work.push_back({0, first, count, into});
        listed += count;
        if (listed >= per_call) {
          run_work(range_end, total);
          listed = 0;
          if (first + count < batch_end) {  // the batch goes on in the next list, as `batch`
            batch_ends.push_back(batch_end);
            into = &batch;
          }
        }
      }
    }
    if (!work.empty()) run_work(range_end, total);
  };

  if (!options.target) {
    run_range(0, start_n, start_n);
  } else {
    const PrecisionTarget& target = *options.target;
    const std::uint64_t max_n = largest_scenarios(options);
    TargetOutcome outcome{target};
    std::uint64_t n = 0;
    std::uint64_t next = start_n;
    while (true) {
      run_range(n, next, next);
      n = next;
      ++outcome.rounds;
      const auto [estimate, half_width] = interval_of(run, model, target);
      outcome.estimate = estimate;
      outcome.relative_half_width = estimate != 0.0 ? half_width / std::fabs(estimate) : (half_width == 0.0 ? 0.0 : HUGE_VAL);
      outcome.met = outcome.relative_half_width <= target.relative_half_width;
      if (outcome.met || n >= max_n) break;
      // Double the study, in whole batches, without passing max_n.
      const std::uint64_t batches_more = std::max<std::uint64_t>(1, n / batch_size);
      next = std::min(max_n, n + batches_more * batch_size);
    }
    run.target = outcome;
  }
  run.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace chokepoint
