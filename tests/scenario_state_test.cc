// A device tile's state (BasicScenarioState<128>: one base pointer per
// element type and a 32-bit offset per field, kernels/scenario_state.hh)
// sits where the layout says and runs the model to the CPU's outputs, bit
// for bit. The CUDA kernel uses this state; here it runs on the host.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model_selection.hh"
#include "replay.hh"
#include "scenario_model.hh"
#include "scenario_state.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

constexpr std::uint32_t kTile = 128;

TEST(TileState, FieldElementsSitAtTheDocumentedPlace) {
  StateShape shape;
  shape.nodes = 3;
  shape.groups = 2;
  shape.events = 4;
  shape.effects = 5;
  shape.sectors = 2;
  shape.metrics = 7;
  std::vector<double> doubles(shape.doubles() * kTile, 0.0);
  std::vector<std::int32_t> ints(shape.ints() * kTile, 0);
  constexpr std::uint32_t kSlot = 77;
  const BasicScenarioState<kTile> st = state_slot<kTile>(shape, doubles.data(), ints.data(), kTile, kSlot);
  st.desired[2] = 1.5;       // 4th node field: doubles from 3 * nodes
  st.order[1] = 2.5;         // 2nd group field: after 6 node fields and inventory
  st.out[6] = 3.5;           // last field of the doubles
  st.idle_from[3] = 9;       // 3rd event field of the ints
  st.sector_weeks_short[1] = 11;  // last field of the ints
  const auto at = [](std::size_t element) { return element * kTile + kSlot; };
  EXPECT_EQ(doubles[at(3 * 3 + 2)], 1.5);
  EXPECT_EQ(doubles[at(6 * 3 + 2 + 1)], 2.5);
  EXPECT_EQ(doubles[at(shape.doubles() - 1)], 3.5);
  EXPECT_EQ(ints[at(2 * 4 + 3)], 9);
  EXPECT_EQ(ints[at(shape.ints() - 1)], 11);
  // The same elements through the run-time stride of a device of 128 slots.
  const ScenarioState runtime = state_slot(shape, doubles.data(), ints.data(), kTile, kSlot);
  EXPECT_EQ(runtime.desired[2], 1.5);
  EXPECT_EQ(runtime.order[1], 2.5);
  EXPECT_EQ(runtime.idle_from[3], 9);
  EXPECT_EQ(&runtime.sector_weeks_short[1], &st.sector_weeks_short[1]);
}

/// Keeps each scenario's outputs.
struct OutputSink {
  std::uint64_t first = 0;
  std::int32_t outputs = 0;
  std::vector<double>* values = nullptr;
  void sector_week(std::int32_t, std::int32_t, double, std::uint64_t) const {}
  template <class State>
  void week_end(std::int32_t, std::int32_t, const State&) const {}
  template <class Out>
  void scenario_end(std::uint64_t scenario, const Out& out, std::uint64_t) const {
    for (std::int32_t k = 0; k < outputs; ++k) {
      (*values)[(scenario - first) * static_cast<std::size_t>(outputs) + static_cast<std::size_t>(k)] = out[k];
    }
  }
};

TEST(TileState, ScenariosOfATileMatchTheirReplayBitForBit) {
  const auto selected = select_model(test::source_path("scenarios/demo.json"), "", "blockade_w10_26w");
  const CompiledModel& model = selected->model;
  const ModelView view = model.view();
  const StateShape shape = StateShape::of(view);
  constexpr std::uint64_t kSeed = 5;
  constexpr std::uint64_t kFirst = 300;
  // Garbage in the tile first: the model must initialise what it reads.
  std::vector<double> doubles(shape.doubles() * kTile, -7.25);
  std::vector<std::int32_t> ints(shape.ints() * kTile, 12345);
  std::vector<double> values(kTile * static_cast<std::size_t>(view.layout.size()), 0.0);
  OutputSink sink{kFirst, view.layout.size(), &values};
  for (std::uint32_t slot = 0; slot < kTile; ++slot) {
    const BasicScenarioState<kTile> st = state_slot<kTile>(shape, doubles.data(), ints.data(), kTile, slot);
    simulate_scenario(view, st, kSeed, kFirst + slot, sink);
  }
  const auto outputs = static_cast<std::size_t>(view.layout.size());
  for (std::uint32_t slot = 0; slot < kTile; ++slot) {
    const Trace trace = replay_scenario(model, kSeed, kFirst + slot);
    const std::vector<double> row(values.begin() + static_cast<std::ptrdiff_t>(slot * outputs),
                                  values.begin() + static_cast<std::ptrdiff_t>((slot + 1) * outputs));
    ASSERT_EQ(row, trace.outputs) << "slot " << slot;
  }
}

}  // namespace
}  // namespace chokepoint
