// Mergeable statistics of a study: everything results.json needs, kept so
// that merging is exact and order-independent.
//
// Per scalar output: an exact sum and sum of squares (kernels/exact_sum.hh),
// min, max, the count of positive values, a histogram (log-linear bins, or
// one bin per whole number for weeks and counts) and the K largest values
// with their scenario indices. Counts are of units of probability mass
// (kernels/importance_weight.hh): one per scenario without importance sampling,
// and sums are of units times value. Per sector and week: a histogram of the
// shortfall ratio (fan charts). The K largest loss_total values carry each
// scenario's sector losses and event starts (tail attribution). Counts are
// integers and sums are exact, so a study's accumulator is the same whatever
// the order in which scenarios, threads, chunks or processes were merged.
#pragma once

#include <algorithm>
#include <climits>
#include <cstdint>
#include <span>
#include <vector>

#include "byte_stream.hh"
#include "chunk_accumulators.hh"
#include "compiled_model.hh"
#include "exact_sum.hh"
#include "scenario_state.hh"
#include "top_k.hh"
#include "value_bins.hh"

namespace chokepoint {

/// Largest number of scenarios a study may have (2^48: far beyond any
/// practical run, well inside the 64-bit scenario counter).
inline constexpr std::uint64_t kMaxScenarios = std::uint64_t{1} << 48;

struct AccumulatorShape {
  std::vector<MetricKind> kinds;  // one per scalar output (MetricLayout order)
  MetricLayout layout;
  std::int32_t weeks = 0;
  std::size_t top_k = 0;  // how many of the largest values each output keeps

  static AccumulatorShape of(const CompiledModel& model, std::size_t top_k);
  [[nodiscard]] std::int32_t bins_of(MetricKind kind) const;
  [[nodiscard]] std::size_t tail_width() const { return static_cast<std::size_t>(layout.n_sectors + layout.n_events); }
  /// The layout of device chunks for this study, holding up to `capacity` scenarios.
  [[nodiscard]] ChunkShape chunk_shape(std::uint32_t capacity) const;
};

/// The index range of histogram bins written since the last clear, so that
/// merging and clearing thread-local accumulators touch only those bins
/// (values of an output cluster in a few of its 16,387 bins).
struct TouchedRange {
  std::int32_t lo = INT32_MAX;
  std::int32_t hi = -1;
  void add(std::int32_t i) {
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  }
  void add(const TouchedRange& r) {
    lo = std::min(lo, r.lo);
    hi = std::max(hi, r.hi);
  }
};

struct MetricAccumulator {
  ExactSum sum;
  ExactSum sum_sq;
  std::uint64_t positive = 0;
  double min = HUGE_VAL;
  double max = -HUGE_VAL;
  std::vector<std::uint64_t> bins;
  TopK top;
  TouchedRange touched;  // of `bins`
};

class StudyAccumulator {
 public:
  /// `adds_before_normalise`: scenarios added between carry propagations of
  /// the exact sums (at most ExactSum::kAddsBeforeCarry, which keeps every
  /// limb below 2^62); tests lower it to watch the limbs stay bounded.
  explicit StudyAccumulator(AccumulatorShape shape, std::uint32_t adds_before_normalise = ExactSum::kAddsBeforeCarry);

  /// One scenario's output vector (MetricLayout order) and its units.
  void add_scenario(std::uint64_t scenario, const double* out, std::uint64_t units);
  /// One week's shortfall ratio of a sector, with the units of the path so far.
  void add_ratio(std::int32_t sector, std::int32_t week, double ratio, std::uint64_t units) {
    const auto i = (sector * shape_.weeks + week) * RatioBins::kCount + RatioBins::bin(ratio);
    fan_[static_cast<std::size_t>(i)] += units;
    fan_touched_.add(i);
  }
  void merge(const StudyAccumulator& other);
  /// Merge every accumulator of `others` into this one and clear them, with
  /// the outputs (and the fan chart with the tail list, as one more part)
  /// shared among `threads` OpenMP threads. Every part is merged exactly
  /// (integer sums, extremes, top-K lists ordered by value and scenario),
  /// so the result is the bytes of merging them one after another.
  void merge_and_clear(std::span<StudyAccumulator> others, int threads);
  /// Merge a chunk of `scenarios` accumulated on a device (host copies of its arrays).
  void merge_chunk(const ChunkView& chunk, std::uint64_t scenarios);
  /// Per output, the smallest value that can still enter its top-K list
  /// (-inf while the list is not full): devices keep only candidates >= it.
  [[nodiscard]] std::vector<double> candidate_thresholds() const;
  /// Back to an empty study (keeps the memory).
  void clear();
  /// Per output, then for the tail list, the entry a scenario must outrank
  /// to enter its top-K list (TopK::entry_floor).
  [[nodiscard]] std::vector<TopK::Entry> offer_floors() const;
  /// Skip top-K offers that do not outrank these floors (offer_floors() of
  /// the accumulator this one will be merged into): they cannot enter its
  /// lists. Ties matter: an output that is 0 in most scenarios has a floor
  /// of 0, and a floor by value alone let every 0 in.
  void set_offer_floor(std::vector<TopK::Entry> floor) { offer_floor_ = std::move(floor); }
  /// Encode everything (sums already normalised by the last merge; bins and
  /// fan charts sparsely); read() restores it into an accumulator of the
  /// same shape. Used by checkpoints, shard files and MPI.
  void write(ByteWriter& out) const;
  void read(ByteReader& in);

  [[nodiscard]] const AccumulatorShape& shape() const { return shape_; }
  [[nodiscard]] std::uint64_t count() const { return count_; }
  /// Units of mass of all scenarios: count() without importance sampling.
  [[nodiscard]] std::uint64_t units() const { return units_; }
  /// Sum of squared units, for the effective sample size (sum)^2 / (sum of squares).
  [[nodiscard]] const ExactSum& units_sq() const { return units_sq_; }
  [[nodiscard]] const std::vector<MetricAccumulator>& metrics() const { return metrics_; }
  /// Histogram of the ratio of `sector` in `week`.
  [[nodiscard]] const std::uint64_t* fan(std::int32_t sector, std::int32_t week) const {
    return fan_.data() +
           (static_cast<std::size_t>(sector) * static_cast<std::size_t>(shape_.weeks) + static_cast<std::size_t>(week)) *
               RatioBins::kCount;
  }
  /// The K largest loss_total scenarios; payload = sector losses then event starts.
  [[nodiscard]] const TopK& tail() const { return tail_; }

 private:
  void normalise_sums();
  // The parts of merge and clear: the counts, one output, the fan chart
  // with the tail list.
  void merge_totals(const StudyAccumulator& other);
  void merge_metric(std::size_t k, const StudyAccumulator& other);
  void merge_fan_and_tail(const StudyAccumulator& other);
  void clear_totals();
  void clear_metric(std::size_t k);
  void clear_fan_and_tail();

  AccumulatorShape shape_;
  void add_units(std::uint64_t units);

  std::uint64_t count_ = 0;
  std::uint64_t units_ = 0;
  ExactSum units_sq_;
  std::uint32_t adds_before_normalise_;
  std::uint32_t adds_since_normalise_ = 0;
  std::vector<MetricAccumulator> metrics_;
  std::vector<std::uint64_t> fan_;
  TouchedRange fan_touched_;
  TopK tail_;
  std::vector<TopK::Entry> offer_floor_;  // empty: offer every value
  std::vector<double> payload_;  // scratch for the tail payload
};

}  // namespace chokepoint
