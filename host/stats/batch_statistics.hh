// Statistics of a study's batches: consecutive ranges of `batch_size`
// scenario indices (the last may be shorter). Batches are fixed by index, so
// their statistics, and the batch-means confidence intervals built on them,
// do not depend on how the work was spread over threads or processes; two
// studies with the same seed pair their batches (common random numbers).
// Batch quantiles give the intervals of quantiles under importance sampling.
#pragma once

#include <cstdint>
#include <vector>

#include "byte_stream.hh"
#include "compiled_model.hh"
#include "study_accumulator.hh"

namespace chokepoint {

/// Batches a study is split into, unless told otherwise.
inline constexpr std::uint64_t kDefaultBatches = 32;

/// Fewest scenarios each batch must hold beyond a level p (its scenarios
/// times 1 - p) for its quantile and CVaR at p to enter a batch-means
/// interval. A batch CVaR 0.99 over one or two tail values is biased low and
/// skewed: with 32 batches of 62 scenarios its interval covered 79.5% of the
/// time, not 95%. The threshold is where the coverage suite
/// (tests/coverage_test.cc) finds 93% or more.
inline constexpr double kMinBatchTail = 30.0;

struct BatchStatistics {
  std::uint64_t batch_size = 0;
  std::vector<std::uint64_t> count;         // scenarios per batch
  std::vector<std::vector<double>> mean;    // [output][batch]
  std::vector<std::vector<double>> cvar95;  // [output][batch]
  std::vector<std::vector<double>> cvar99;  // [output][batch]
  std::vector<std::vector<std::vector<double>>> quantiles;  // [output][level of kQuantileLevels][batch]

  /// Record one finished batch (its own accumulator), its outputs shared
  /// among `threads` OpenMP threads (each output's figures are its own).
  void add_batch(const StudyAccumulator& batch, const CompiledModel& model, int threads = 1);
  [[nodiscard]] std::size_t batches() const { return count.size(); }
  /// Whether there are two batches or more and each holds kMinBatchTail
  /// scenarios beyond `level`: then batch quantiles and CVaR at `level` give
  /// an interval that can be trusted.
  [[nodiscard]] bool tail_trusted(double level) const;
  /// Append the batches of a later part of the same study (shards, ranks).
  void append(const BatchStatistics& later);
  void write(ByteWriter& out) const;
  void read(ByteReader& in);
};

/// Batch size for n scenarios split into `batches` batches.
std::uint64_t batch_size_for(std::uint64_t scenarios, std::uint64_t batches);

}  // namespace chokepoint
