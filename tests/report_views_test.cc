// The pure pieces of a report: histogram bins, exceedance points, return
// periods, event spans of a replayed scenario, the nightly index status.
#include <gtest/gtest.h>

#include <cmath>

#include "loss_distribution.hh"
#include "worst_timelines.hh"

namespace chokepoint {
namespace {

using namespace chokepoint::report;

// A curve as results.json writes it: x = 0, then bin edges; P(value > x).
const ExceedanceCurve kCurve = {{0.0, 0.5}, {1.0, 0.5}, {2.0, 0.4}, {4.0, 0.4}, {8.0, 0.1}, {16.0, 0.0}};

TEST(LossHistogram, BinsHoldTheMassBetweenEdgesFromFirstToLastNonEmptyBin) {
  const auto bins = loss_histogram(kCurve, 40);
  ASSERT_EQ(bins.size(), 4u);  // (1,2], (2,4], (4,8], (8,16]
  EXPECT_EQ(bins[0].lo, 1.0);
  EXPECT_EQ(bins[0].hi, 2.0);
  EXPECT_DOUBLE_EQ(bins[0].probability, 0.1);
  EXPECT_EQ(bins[1].probability, 0.0);  // an empty bin inside the range stays, as a gap
  EXPECT_DOUBLE_EQ(bins[2].probability, 0.3);
  EXPECT_DOUBLE_EQ(bins[3].probability, 0.1);
  EXPECT_EQ(bins[3].hi, 16.0);
}

TEST(LossHistogram, NeighboursAreMergedInPowersOfTwoToStayWithinTheLimit) {
  const auto bins = loss_histogram(kCurve, 2);
  ASSERT_EQ(bins.size(), 2u);  // (1,4] and (4,16]
  EXPECT_EQ(bins[0].lo, 1.0);
  EXPECT_EQ(bins[0].hi, 4.0);
  EXPECT_DOUBLE_EQ(bins[0].probability, 0.1);
  EXPECT_EQ(bins[1].lo, 4.0);
  EXPECT_EQ(bins[1].hi, 16.0);
  EXPECT_DOUBLE_EQ(bins[1].probability, 0.4);
  EXPECT_TRUE(loss_histogram({{0.0, 0.0}, {1.0, 0.0}, {2.0, 0.0}}, 40).empty());  // nothing positive
}

TEST(DrawableExceedance, DropsZeroesAndKeepsOnePointOfTheFlatStart) {
  const ExceedanceCurve drawn = drawable_exceedance(kCurve);
  const ExceedanceCurve expected = {{1.0, 0.5}, {2.0, 0.4}, {4.0, 0.4}, {8.0, 0.1}};
  EXPECT_EQ(drawn, expected);
}

TEST(ReturnPeriods, AreTheHorizonInYearsOverTheProbability) {
  EXPECT_DOUBLE_EQ(return_period_years(0.01, 52), 100.0);
  EXPECT_DOUBLE_EQ(return_period_years(0.01, 104), 200.0);
}

TEST(ValueAtExceedance, InterpolatesLogLinearlyBetweenEdges) {
  EXPECT_EQ(value_at_exceedance(kCurve, 0.5), 0.0);  // P(value > 0) is 0.5: half the values are 0
  EXPECT_EQ(value_at_exceedance(kCurve, 0.4), 2.0);  // reached exactly at an edge
  EXPECT_DOUBLE_EQ(value_at_exceedance(kCurve, 0.25), 4.0 * std::sqrt(2.0));  // halfway from 0.4 to 0.1
  EXPECT_TRUE(std::isnan(value_at_exceedance(kCurve, 0.05)));                 // rarer than the curve resolves
  EXPECT_TRUE(std::isnan(value_at_exceedance(kCurve, 0.0)));
}

TEST(EventSpans, FollowStartsActivityAndRecovery) {
  // Event a: starts week 1, active weeks 1-2, recovering 3-4. Event b:
  // starts week 2 and again (forced) week 4 while running, active to the end.
  const std::vector<std::vector<double>> profile = {{0, 0}, {1, 0}, {1, 1}, {0.6, 1}, {0.3, 1}, {0, 1}};
  const std::vector<std::vector<bool>> started = {{false, false}, {true, false}, {false, true},
                                                  {false, false}, {false, true}, {false, false}};
  const auto spans = event_spans({"a", "b"}, {"A", "B"}, profile, started);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].event, "a");
  EXPECT_EQ(spans[0].label, "A");
  EXPECT_EQ(spans[0].start, 1);
  EXPECT_EQ(spans[0].active_end, 2);
  EXPECT_EQ(spans[0].recovery_end, 4);
  EXPECT_EQ(spans[1].event, "b");
  EXPECT_EQ(spans[1].start, 2);
  EXPECT_EQ(spans[1].active_end, 3);
  EXPECT_EQ(spans[1].recovery_end, 3);
  EXPECT_EQ(spans[2].start, 4);
  EXPECT_EQ(spans[2].active_end, 5);  // still active in the last week
}

}  // namespace
}  // namespace chokepoint
