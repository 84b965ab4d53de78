// Synthetic models (`chokepoint synth`): deterministic, valid, and using
// every feature of the format.
#include <gtest/gtest.h>

#include <set>

#include "diagnostics.hh"
#include "sha256.hh"
#include "steady_state.hh"
#include "supply_graph.hh"
#include "synth/synthetic_model.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

std::string synth(std::int64_t nodes, std::int64_t events, std::int64_t weeks, std::uint64_t seed) {
  return synthetic_model_json(SynthOptions{nodes, events, weeks, seed});
}

TEST(Synth, SameSeedGivesTheSameBytes) {
  EXPECT_EQ(synth(60, 30, 104, 7), synth(60, 30, 104, 7));
  // Pinned: the generator uses only std::mt19937_64 (fixed by the standard),
  // integer arithmetic, + - * / and ceil, and fmt's shortest round-trip
  // numbers, so this file is the same on every platform and standard
  // library. A deliberate change to the generator updates this hash.
  EXPECT_EQ(sha256_hex(synth(12, 6, 26, 1)), "f7caa55102677f6bc6402f9aa56503596bead27b595ef04584112afd832a97a5");
}

TEST(Synth, DifferentSeedsGiveDifferentModels) {
  EXPECT_NE(synth(60, 30, 104, 1), synth(60, 30, 104, 2));
  EXPECT_NE(synth(4, 1, 1, 1), synth(4, 1, 1, 2));
}

TEST(Synth, OutputLoadsWithTheRequestedSizes) {
  struct Size {
    std::int64_t nodes, events, weeks;
  };
  for (const Size z : {Size{4, 1, 1}, Size{5, 2, 3}, Size{9, 3, 52}, Size{60, 30, 104}, Size{1000, 200, 520}}) {
    SCOPED_TRACE(testing::Message() << z.nodes << " nodes, " << z.events << " events, " << z.weeks << " weeks");
    const LoadedScenario loaded = test::load_ok(synth(z.nodes, z.events, z.weeks, 3));
    const Scenario& s = loaded.scenario;
    EXPECT_EQ(static_cast<std::int64_t>(s.nodes.size()), z.nodes);
    EXPECT_EQ(static_cast<std::int64_t>(s.events.size()), z.events);
    EXPECT_EQ(s.horizon_weeks, z.weeks);
    EXPECT_EQ(s.policies.size(), 4u);  // load_ok checked each of them applied
    ASSERT_EQ(s.stress_tests.size(), 2u);
    for (const StressTest& t : s.stress_tests) {
      EXPECT_EQ(CompiledModel::compile(s, &t).sizes().n_nodes, z.nodes);
    }
  }
}

TEST(Synth, LargestModelIsWithinTheLoaderLimits) {
  // 10,000 nodes and 2,000 events: under 16 MiB, and no two event ids share
  // a random stream (compile refuses FNV-1a collisions).
  const std::string text = synth(kSynthMaxNodes, kSynthMaxEvents, kSynthMaxWeeks, 1);
  EXPECT_LT(text.size(), std::size_t{16} << 20);
  const LoadedScenario loaded = test::load_ok(text);
  EXPECT_EQ(CompiledModel::compile(loaded.scenario).sizes().n_events, kSynthMaxEvents);
}

TEST(Synth, UsesEveryFeature) {
  const Scenario s = test::load_ok(synth(60, 30, 104, 5)).scenario;
  std::set<DistKind> kinds;
  std::set<EffectKind> effects;
  bool shifts = false;
  bool per_regime = false;
  for (const Event& e : s.events) {
    kinds.insert(e.duration.dist.kind);
    for (const Effect& f : e.effects) {
      kinds.insert(f.size.dist.kind);
      effects.insert(f.kind);
    }
    shifts |= e.regime_shift.has_value();
    per_regime |= e.annual_rate[0] != e.annual_rate[2];
  }
  EXPECT_EQ(kinds.size(), 6u);  // fixed, uniform, triangular, normal, lognormal, exponential
  EXPECT_EQ(effects.size(), 2u);
  EXPECT_TRUE(shifts);
  EXPECT_TRUE(per_regime);
  EXPECT_EQ(s.regimes.states.size(), 3u);

  std::set<std::string> sectors, regions;
  std::set<std::size_t> supplier_counts;
  bool volatile_demand = false, growing_demand = false, no_stock = false;
  for (const Node& n : s.nodes) {
    sectors.insert(n.sector);
    regions.insert(n.region);
    if (n.final_demand) {
      volatile_demand |= n.final_demand->volatility > 0.0;
      growing_demand |= n.final_demand->growth_per_year > 0.0;
    }
    for (const Input& in : n.inputs) {
      supplier_counts.insert(in.suppliers.size());
      no_stock |= in.inventory_weeks == 0.0;
    }
  }
  EXPECT_EQ(sectors.size(), 5u);  // 60 / 12
  EXPECT_EQ(regions.size(), 8u);
  EXPECT_EQ(supplier_counts, (std::set<std::size_t>{1, 2, 3}));
  EXPECT_TRUE(volatile_demand && growing_demand && no_stock);
  const SupplyGraph graph(s);
  const auto tiers = graph.tier(graph.topological_order());
  EXPECT_EQ(*std::max_element(tiers.begin(), tiers.end()), 3);  // raw -> component -> assembly -> product
}

TEST(Synth, SharesSumExactlyToOneAndCapacitiesHaveHeadroom) {
  const Scenario s = test::load_ok(synth(200, 20, 104, 11)).scenario;
  const std::vector<double> ybar = steady_state_output(s, SupplyGraph(s).topological_order());
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    const Node& n = s.nodes[i];
    for (const Input& in : n.inputs) {
      double sum = 0.0;
      for (const Supplier& sup : in.suppliers) sum += sup.share;
      EXPECT_EQ(sum, 1.0) << in.where;
    }
    EXPECT_GT(ybar[i], 0.0) << n.id << " has no customer";
    EXPECT_GE(n.capacity, 1.2 * ybar[i] * (1.0 - 1e-12)) << n.id;  // ybar summed in another order
  }
}

TEST(Synth, OutOfRangeOptionsAreInputErrors) {
  const auto message = [](std::int64_t nodes, std::int64_t events, std::int64_t weeks) {
    try {
      synth(nodes, events, weeks, 1);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(3, 10, 52), "--nodes must be between 4 and 10000, got 3");
  EXPECT_EQ(message(10001, 10, 52), "--nodes must be between 4 and 10000, got 10001");
  EXPECT_EQ(message(10, 0, 52), "--events must be between 1 and 2000, got 0");
  EXPECT_EQ(message(10, 2001, 52), "--events must be between 1 and 2000, got 2001");
  EXPECT_EQ(message(10, 10, 0), "--weeks must be between 1 and 520, got 0");
  EXPECT_EQ(message(10, 10, 521), "--weeks must be between 1 and 520, got 521");
}

TEST(Synth, CommandWritesToStdoutOrAFile) {
  const auto out = test::run_cli("synth --nodes 20 --events 5 --weeks 26 --seed 9");
  ASSERT_EQ(out.status, 0) << out.err;
  EXPECT_EQ(out.out, synth(20, 5, 26, 9));
  const std::string file = test::temp_dir("synth") + "/model.json";
  const auto to_file = test::run_cli("synth --nodes 20 --events 5 --weeks 26 --seed 9 --out " + file);
  ASSERT_EQ(to_file.status, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(test::read_text(file), out.out);
  const auto bad = test::run_cli("synth --nodes 20000");
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "--nodes must be between 4 and 10000, got 20000\n");
}

}  // namespace
}  // namespace chokepoint
