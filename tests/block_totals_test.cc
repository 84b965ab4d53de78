// A device block's totals in shared memory (kernels/block_totals.hh), flushed
// once per block into the chunk's arrays, give the same arrays bit for bit
// as every scenario adding to the chunk's arrays directly: the CUDA kernel's
// per-block aggregation, run here on the host with plain additions.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "block_totals.hh"
#include "chunk_accumulators.hh"
#include "chunk_sink.hh"
#include "model_selection.hh"
#include "replay.hh"
#include "study_accumulator.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

/// The interface of kernels/chunk_sink.hh without atomicity (one thread).
struct SerialOps {
  static void add(std::uint64_t* p, std::uint64_t v) { *p += v; }
  static void add(std::int64_t* p, std::int64_t v) { *p += v; }
  static void min(std::uint64_t* p, std::uint64_t v) { *p = v < *p ? v : *p; }
  static void max(std::uint64_t* p, std::uint64_t v) { *p = v > *p ? v : *p; }
  static std::uint32_t fetch_increment(std::uint32_t* p) { return (*p)++; }
};

TEST(BlockTotals, FlushedPerBlockEqualsAddedPerScenario) {
  const auto selected = select_model(test::source_path("scenarios/demo.json"), "", "blockade_w10_26w");
  const CompiledModel& model = selected->model;
  constexpr std::uint32_t kScenarios = 300;  // two full blocks of 128 and a partial one
  constexpr std::uint32_t kBlock = 128;
  constexpr std::uint32_t kThreads = 7;      // threads sharing reset and flush, not dividing the sizes
  const ChunkShape shape = AccumulatorShape::of(model, 10).chunk_shape(kScenarios);
  std::vector<std::vector<double>> outputs;
  for (std::uint32_t s = 0; s < kScenarios; ++s) outputs.push_back(replay_scenario(model, 3, s).outputs);
  // Units vary so that squared units and positive counts are not plain counts.
  const auto units = [](std::uint32_t s) { return std::uint64_t{1} + s % 5; };

  ChunkAccumulators direct(shape);
  const ChunkSink<SerialOps> direct_sink{direct.view()};
  for (std::uint32_t s = 0; s < kScenarios; ++s) direct_sink.scenario_end(s, outputs[s], units(s));

  ChunkAccumulators blocked(shape);
  const ChunkView chunk = blocked.view();
  std::vector<std::uint64_t> shared(BlockTotals::words(shape.n_metrics), 0x5a5a5a5a5a5a5a5aU);
  for (std::uint32_t first = 0; first < kScenarios; first += kBlock) {
    const BlockTotals totals = BlockTotals::in(shared.data(), shape.n_metrics);
    for (std::uint32_t t = 0; t < kThreads; ++t) totals.reset(t, kThreads);
    const ChunkSink<SerialOps> sink{totals.in_place_of(chunk)};
    for (std::uint32_t s = first; s < std::min(first + kBlock, kScenarios); ++s) sink.scenario_end(s, outputs[s], units(s));
    for (std::uint32_t t = 0; t < kThreads; ++t) totals.flush<SerialOps>(chunk, t, kThreads);
  }

  EXPECT_EQ(blocked.sum, direct.sum);
  EXPECT_EQ(blocked.sum_sq, direct.sum_sq);
  EXPECT_EQ(blocked.units_sq, direct.units_sq);
  EXPECT_EQ(blocked.positive, direct.positive);
  EXPECT_EQ(blocked.min_bits, direct.min_bits);
  EXPECT_EQ(blocked.max_bits, direct.max_bits);
  // What stays in the chunk's arrays: bins and candidates.
  EXPECT_EQ(blocked.bins, direct.bins);
  EXPECT_EQ(blocked.candidate_count, direct.candidate_count);
  // The flush reached every total: some outputs are positive, all extremes set.
  std::uint64_t positive = 0;
  for (const std::uint64_t p : blocked.positive) positive += p;
  EXPECT_GT(positive, 0U);
  for (const std::uint64_t m : blocked.min_bits) EXPECT_NE(m, double_bits(HUGE_VAL));
}

}  // namespace
}  // namespace chokepoint
