// The statistics of one chunk of scenarios as flat arrays, for backends
// that accumulate on a device (CUDA, Kokkos): the device fills them with
// atomics, the backend copies them back, and the host merges them into its
// study accumulator (StudyAccumulator::merge_chunk). Only these mergeable
// arrays cross from device to host, never per-scenario outputs.
#pragma once

#include <cstdint>
#include <vector>

#include "exact_sum.hh"
#include "macros.hh"
#include "metric_layout.hh"
#include "value_bins.hh"

namespace chokepoint {

/// Sizes of a chunk's arrays.
struct ChunkShape {
  std::int32_t n_metrics = 0;
  MetricLayout layout;
  std::int32_t weeks = 0;
  std::uint32_t candidate_capacity = 0;  // per output: the scenarios of one chunk
  std::vector<std::uint8_t> whole;       // per output: 1 for whole-number outputs (one bin per value)

  [[nodiscard]] std::int32_t bins_of(std::int32_t metric) const {
    return whole[static_cast<std::size_t>(metric)] != 0 ? weeks + 1 : LogBins::kCount;
  }
  [[nodiscard]] std::vector<std::int32_t> bin_offsets() const {
    std::vector<std::int32_t> offsets(1, 0);
    for (std::int32_t k = 0; k < n_metrics; ++k) offsets.push_back(offsets.back() + bins_of(k));
    return offsets;
  }
  [[nodiscard]] std::size_t fan_size() const {
    return static_cast<std::size_t>(layout.n_sectors) * static_cast<std::size_t>(weeks) * RatioBins::kCount;
  }
  [[nodiscard]] std::size_t tail_width() const { return static_cast<std::size_t>(layout.n_sectors + layout.n_events); }
};

/// Device-side (or host-side) pointers to a chunk's arrays.
struct ChunkView {
  std::int32_t n_metrics = 0;
  MetricLayout layout;
  std::int32_t weeks = 0;
  std::uint32_t candidate_capacity = 0;
  const std::int32_t* bin_offset = nullptr;  // [n_metrics + 1]
  const std::uint8_t* whole = nullptr;       // [n_metrics]
  const double* threshold = nullptr;         // [n_metrics]: keep candidates >= this
  std::uint64_t* bins = nullptr;             // [bin_offset[n_metrics]]
  std::int64_t* sum = nullptr;               // [n_metrics x ExactSum::kLimbs]
  std::int64_t* sum_sq = nullptr;            // [n_metrics x ExactSum::kLimbs]
  std::uint64_t* positive = nullptr;         // [n_metrics]
  std::uint64_t* min_bits = nullptr;         // [n_metrics]: bits of the smallest value (outputs are >= 0)
  std::uint64_t* max_bits = nullptr;         // [n_metrics]
  std::uint64_t* fan = nullptr;              // [sectors x weeks x RatioBins::kCount]
  std::uint32_t* candidate_count = nullptr;  // [n_metrics]
  double* candidate_value = nullptr;         // [n_metrics x candidate_capacity]
  std::uint64_t* candidate_scenario = nullptr;  // [n_metrics x candidate_capacity]
  std::uint64_t* candidate_units = nullptr;     // [n_metrics x candidate_capacity]
  std::int64_t* units_sq = nullptr;          // [ExactSum::kLimbs]: sum of squared units (effective sample size)
  double* tail_payload = nullptr;            // [candidate_capacity x tail width]: of loss_total's candidates
};

/// Host copies of a chunk's arrays (what a backend copies back).
struct ChunkAccumulators {
  ChunkShape shape;
  std::vector<std::int32_t> bin_offset;
  std::vector<double> threshold;
  std::vector<std::uint64_t> bins;
  std::vector<std::int64_t> sum;
  std::vector<std::int64_t> sum_sq;
  std::vector<std::uint64_t> positive;
  std::vector<std::uint64_t> min_bits;
  std::vector<std::uint64_t> max_bits;
  std::vector<std::uint64_t> fan;
  std::vector<std::uint32_t> candidate_count;
  std::vector<double> candidate_value;
  std::vector<std::uint64_t> candidate_scenario;
  std::vector<std::uint64_t> candidate_units;
  std::vector<std::int64_t> units_sq;
  std::vector<double> tail_payload;

  explicit ChunkAccumulators(ChunkShape s);
  /// Zero counts and sums, min to +inf and max to 0, before a chunk.
  void reset();
  /// Pointers into these vectors.
  ChunkView view();
};

inline ChunkAccumulators::ChunkAccumulators(ChunkShape s) : shape(std::move(s)) {
  const auto n = static_cast<std::size_t>(shape.n_metrics);
  bin_offset = shape.bin_offsets();
  threshold.assign(n, -HUGE_VAL);
  bins.resize(static_cast<std::size_t>(bin_offset.back()));
  sum.resize(n * ExactSum::kLimbs);
  sum_sq.resize(n * ExactSum::kLimbs);
  positive.resize(n);
  min_bits.resize(n);
  max_bits.resize(n);
  fan.resize(shape.fan_size());
  candidate_count.resize(n);
  candidate_value.resize(n * shape.candidate_capacity);
  candidate_scenario.resize(n * shape.candidate_capacity);
  candidate_units.resize(n * shape.candidate_capacity);
  units_sq.resize(ExactSum::kLimbs);
  tail_payload.resize(static_cast<std::size_t>(shape.candidate_capacity) * shape.tail_width());
  reset();
}

inline void ChunkAccumulators::reset() {
  std::fill(bins.begin(), bins.end(), 0);
  std::fill(sum.begin(), sum.end(), 0);
  std::fill(sum_sq.begin(), sum_sq.end(), 0);
  std::fill(positive.begin(), positive.end(), 0);
  std::fill(min_bits.begin(), min_bits.end(), double_bits(HUGE_VAL));
  std::fill(max_bits.begin(), max_bits.end(), 0);
  std::fill(fan.begin(), fan.end(), 0);
  std::fill(candidate_count.begin(), candidate_count.end(), 0);
  std::fill(units_sq.begin(), units_sq.end(), 0);
}

/// A view of `arrays`: any set of arrays named as ChunkAccumulators' with
/// data() (the host vectors, or a device's copies of them).
template <class Arrays>
ChunkView chunk_view_of(const ChunkShape& shape, const std::int32_t* bin_offset, const std::uint8_t* whole,
                        Arrays& arrays) {
  ChunkView v;
  v.n_metrics = shape.n_metrics;
  v.layout = shape.layout;
  v.weeks = shape.weeks;
  v.candidate_capacity = shape.candidate_capacity;
  v.bin_offset = bin_offset;
  v.whole = whole;
  v.threshold = arrays.threshold.data();
  v.bins = arrays.bins.data();
  v.sum = arrays.sum.data();
  v.sum_sq = arrays.sum_sq.data();
  v.units_sq = arrays.units_sq.data();
  v.positive = arrays.positive.data();
  v.min_bits = arrays.min_bits.data();
  v.max_bits = arrays.max_bits.data();
  v.fan = arrays.fan.data();
  v.candidate_count = arrays.candidate_count.data();
  v.candidate_value = arrays.candidate_value.data();
  v.candidate_scenario = arrays.candidate_scenario.data();
  v.candidate_units = arrays.candidate_units.data();
  v.tail_payload = arrays.tail_payload.data();
  return v;
}

inline ChunkView ChunkAccumulators::view() { return chunk_view_of(shape, bin_offset.data(), shape.whole.data(), *this); }

}  // namespace chokepoint
