// The addressed random numbers: Philox known answers, pinned draws, and
// common random numbers across model changes.
#include <gtest/gtest.h>

#include <bit>
#include <set>

#include "compiled_model.hh"
#include "replay.hh"
#include "rng.hh"
#include "test_support.hh"

namespace chokepoint {
namespace {

TEST(Rng, PhiloxKnownAnswers) {
  // Random123's tests/kat_vectors, "philox4x32 10" lines: counter, key -> output.
  struct Kat {
    r123::Philox4x32::ctr_type ctr;
    r123::Philox4x32::key_type key;
    std::array<std::uint32_t, 4> out;
  };
  const Kat kats[] = {
      {{{0, 0, 0, 0}}, {{0, 0}}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, {{0xffffffff, 0xffffffff}},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, {{0xa4093822, 0x299f31d0}},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const Kat& k : kats) {
    const auto r = r123::Philox4x32()(k.ctr, k.key);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(r.v[i], k.out[static_cast<std::size_t>(i)]);
  }
}

TEST(Rng, StreamIdsAreFnv1a) {
  EXPECT_EQ(stream_id(""), 0x811c9dc5u);
  EXPECT_EQ(stream_id("a"), 0xe40c292cu);
  EXPECT_EQ(stream_id("foobar"), 0xbf9cf968u);
}

TEST(Rng, PinnedAddressedDraws) {
  // The draws of a study: changing them changes every result.
  const ScenarioRng rng(12345, 678);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(rng.uniform(Purpose::event_clock, stream_id("taiwan_blockade"), 0, 3)),
            0x3fe12eedac6d773bULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(rng.uniform(Purpose::regime, 0, 0, 1)), 0x3fe04da2296ad1a7ULL);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(rng.uniform(Purpose::effect_size, stream_id("fab_fire"), 2, 40)),
            0x3feba57ff29f2f2fULL);
}

TEST(Rng, DrawsStayInsideTheOpenUnitInterval) {
  const ScenarioRng rng(0, 0);
  std::set<double> seen;
  for (std::uint32_t week = 0; week < 2000; ++week) {
    const double u = rng.uniform(Purpose::regime, 0, 0, week);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(Rng, DrawsDependOnEveryPartOfTheAddress) {
  const ScenarioRng a(1, 2);
  const double base = a.uniform(Purpose::effect_size, 77, 1, 5);
  EXPECT_NE(base, ScenarioRng(2, 2).uniform(Purpose::effect_size, 77, 1, 5));
  EXPECT_NE(base, ScenarioRng(1, 3).uniform(Purpose::effect_size, 77, 1, 5));
  EXPECT_NE(base, a.uniform(Purpose::event_duration, 77, 1, 5));
  EXPECT_NE(base, a.uniform(Purpose::effect_size, 78, 1, 5));
  EXPECT_NE(base, a.uniform(Purpose::effect_size, 77, 2, 5));
  EXPECT_NE(base, a.uniform(Purpose::effect_size, 77, 1, 6));
  EXPECT_NE(base, ScenarioRng(1ULL << 40, 2).uniform(Purpose::effect_size, 77, 1, 5));  // high seed bits count
}

std::string model_with_events(const std::string& events) {
  return R"({"format": "chokepoint/1", "name": "crn", "horizon_weeks": 104,
    "nodes": [{"id": "a", "sector": "s", "capacity": 10, "unit_value": 1, "final_demand": {"base": 8, "volatility": 0.2}},
              {"id": "b", "sector": "s", "capacity": 10, "unit_value": 1, "final_demand": {"base": 5}}],
    "events": [)" + events + "]}";
}

TEST(Rng, AnEventsDrawsDoNotChangeWhenAnotherEventIsAdded) {
  const std::string target =
      R"({"id": "target", "annual_rate": 2.0, "duration_weeks": {"dist": "exponential", "mean": 3},
          "effects": [{"node": "a", "capacity_loss": {"dist": "uniform", "low": 0.2, "high": 0.9}}]})";
  const std::string other =
      R"({"id": "other", "annual_rate": 5.0, "duration_weeks": 2,
          "effects": [{"node": "b", "capacity_loss": 0.5}]})";
  const auto alone = test::load_ok(model_with_events(target));
  const auto with_other = test::load_ok(model_with_events(other + "," + target));
  const CompiledModel m1 = CompiledModel::compile(alone.scenario);
  const CompiledModel m2 = CompiledModel::compile(with_other.scenario);
  int starts = 0;
  for (std::uint64_t s = 0; s < 200; ++s) {
    const Trace t1 = replay_scenario(m1, 99, s);
    const Trace t2 = replay_scenario(m2, 99, s);
    for (std::size_t w = 0; w < t1.weeks.size(); ++w) {
      ASSERT_EQ(t1.weeks[w].event_started[0], t2.weeks[w].event_started[1]) << "scenario " << s << " week " << w;
      ASSERT_EQ(t1.weeks[w].event_profile[0], t2.weeks[w].event_profile[1]);
      ASSERT_EQ(t1.weeks[w].capacity_factor[0], t2.weeks[w].capacity_factor[0]);  // node a: only the target hits it
      starts += t1.weeks[w].event_started[0] ? 1 : 0;
    }
    // The demand level of node a is drawn from its own address too.
    ASSERT_EQ(t1.weeks[0].demand[0], t2.weeks[0].demand[0]);
  }
  EXPECT_GT(starts, 200);  // the comparison saw many starts
}

}  // namespace
}  // namespace chokepoint
