#include "resource_estimate.hh"

#include <fmt/format.h>

#include <algorithm>

#include "batch_statistics.hh"
#include "chunk_bytes.hh"
#include "diagnostics.hh"
#include "exact_sum.hh"
#include "hardware.hh"
#include "scenario_state.hh"
#include "value_bins.hh"

namespace chokepoint {

std::uint64_t chunk_size_of(const StudyOptions& options) {
  const std::uint64_t batch_size = batch_size_for(options.scenarios, options.batches);
  return std::min(options.chunk_size > 0 ? options.chunk_size : default_chunk_size(options.scenarios), batch_size);
}

MemoryEstimate estimate_memory(const CompiledModel& model, const StudyOptions& options, int threads) {
  const ModelView& v = model.sizes();
  const std::uint64_t k = resolved_top_k(options);
  std::uint64_t per_metric_bins = 0;
  for (const MetricInfo& m : model.metrics()) {
    const bool whole = m.kind == MetricKind::weeks || m.kind == MetricKind::count;
    per_metric_bins += static_cast<std::uint64_t>(whole ? v.n_weeks + 1 : LogBins::kCount);
  }
  const std::uint64_t metrics = model.metrics().size();
  const std::uint64_t tail_width = static_cast<std::uint64_t>(v.n_sectors + v.n_events);
  MemoryEstimate e;
  e.per_accumulator = per_metric_bins * sizeof(std::uint64_t) + metrics * 2 * sizeof(ExactSum) +
                      metrics * k * 24 /* value, index, heap slot */ + k * (24 + tail_width * sizeof(double)) +
                      static_cast<std::uint64_t>(v.n_sectors) * static_cast<std::uint64_t>(v.n_weeks) * RatioBins::kCount *
                          sizeof(std::uint64_t);
  // Per thread, the current batch, the total; a device backend's call
  // carries up to kMaxBatchesPerCall batches, each with its own.
  const bool device = options.backend.name == "cuda" || options.backend.name == "kokkos";
  e.accumulators = static_cast<std::uint64_t>(threads) + 2 + (device ? kMaxBatchesPerCall - 1 : 0);
  const StateShape shape = StateShape::of(v);
  e.per_thread_state = shape.doubles() * sizeof(double) + shape.ints() * sizeof(std::int32_t);
  if (options.backend.name == "cuda") {
    // Two launches in flight, each with pinned copies of its pieces'
    // fixed-size arrays and room for its candidate lists
    // (kernels/cuda/cuda_runner.hh), sized for the largest launch.
    const std::uint32_t cap = options.backend.max_device_chunk > 0 ? options.backend.max_device_chunk : kMaxDeviceLaunch;
    const std::uint64_t launch = std::min<std::uint64_t>(largest_scenarios(options), cap);
    const ChunkShape chunk_shape = AccumulatorShape::of(model, k).chunk_shape(static_cast<std::uint32_t>(launch));
    e.device_mirrors = 2 * (kDeviceLaunchPieces * chunk_fixed_bytes(chunk_shape) +
                            chunk_candidate_bytes(chunk_shape, chunk_shape.candidate_capacity));
  }
  e.total = e.per_accumulator * e.accumulators + e.per_thread_state * static_cast<std::uint64_t>(threads) +
            e.device_mirrors;
  return e;
}

void check_memory(const CompiledModel& model, const StudyOptions& options, int threads) {
  const MemoryEstimate e = estimate_memory(model, options, threads);
  const std::uint64_t available = read_hardware_info().available_bytes;
  if (available > 0 && e.total > available) {
    const std::string mirrors =
        e.device_mirrors > 0
            ? fmt::format(", plus {} MiB of host copies of two CUDA launches", e.device_mirrors >> 20)
            : std::string();
    throw InputError(fmt::format(
        "this study needs about {} MiB of memory ({} MiB per accumulator x {} accumulators{}), more than the {} MiB "
        "available; use fewer --threads or a smaller --top-k",
        e.total >> 20, e.per_accumulator >> 20, e.accumulators, mirrors, available >> 20));
  }
}

}  // namespace chokepoint
