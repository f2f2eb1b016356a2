// Tests for the table's statistics over runs (tools/report/stats.h), against
// values computed by hand and by a reference: Python 3's `statistics`
// module for means and medians, and for the bootstrap the same algorithm
// written again in Python (SplitMix64, Lemire's draw, linear quantiles) run
// on the same values.
#include "tools/report/stats.h"

#include <gtest/gtest.h>

namespace tools {
namespace {

TEST(Stats, WilsonIntervalMatchesTheFormulaByHand) {
  // 1 of 1: center (1 + z²/2) / (1 + z²), half z / (1 + z²) * sqrt(z²/4).
  const Interval one = WilsonInterval(1, 1);
  EXPECT_NEAR(one.low, 0.20654931437723737, 1e-12);
  EXPECT_EQ(one.high, 1.0);
  const Interval none = WilsonInterval(0, 1);  // 0 of 1: z² / (1 + z²)
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.7934506856227626, 1e-12);
}

TEST(Stats, MedianIsTheMiddleValueOrTheMeanOfTheTwo) {
  EXPECT_EQ(Median({0.0903, 0.0, 0.0944}), 0.0903);  // statistics.median
  EXPECT_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(Median({7}), 7);
}

// The crash-delta-on example of the report: 9.03 %, 0 % and 9.44 % at three
// seeds. The pooled interval would be a hair wide; over seeds it spans all.
TEST(Stats, ClusteredRunsGiveAnIntervalAsWideAsTheSeedsSpread) {
  const RunStats s = SummarizeRuns({{903, 10000, 1}, {0, 10000, 2}, {944, 10000, 3}});
  EXPECT_EQ(s.runs, 3u);
  EXPECT_EQ(s.runs_with_loss, 2u);
  EXPECT_EQ(s.rated, 3u);
  EXPECT_NEAR(s.mean, 0.061566666666666665, 1e-15);  // statistics.mean
  EXPECT_DOUBLE_EQ(s.min, 0.0);
  EXPECT_DOUBLE_EQ(s.median, 0.0903);
  EXPECT_DOUBLE_EQ(s.max, 0.0944);
  EXPECT_DOUBLE_EQ(s.mean_ci.low, 0.0);  // the reference: (0.0, 0.0944)
  EXPECT_DOUBLE_EQ(s.mean_ci.high, 0.0944);
  const Interval over_runs = WilsonInterval(2, 3);
  EXPECT_EQ(s.runs_with_loss_ci.low, over_runs.low);
  EXPECT_EQ(s.runs_with_loss_ci.high, over_runs.high);
}

TEST(Stats, TheBootstrapMatchesTheReferenceAndIsTheSameEveryTime) {
  const std::vector<double> rates = {0.01, 0.02, 0.03, 0.04, 0.05,
                                     0.06, 0.07, 0.08, 0.09, 0.10};
  const Interval a = BootstrapMeanInterval(rates);
  EXPECT_NEAR(a.low, 0.037, 1e-12);  // the reference: (0.037, 0.073)
  EXPECT_NEAR(a.high, 0.073, 1e-12);
  const Interval b = BootstrapMeanInterval(rates);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  const Interval same = BootstrapMeanInterval({0.25, 0.25, 0.25});
  EXPECT_EQ(same.low, 0.25);
  EXPECT_EQ(same.high, 0.25);
}

TEST(Stats, TheOrderTheRunsCameInDoesNotMatter) {
  const RunStats a = SummarizeRuns({{1, 100, 1}, {5, 100, 2}, {0, 100, 3}, {9, 100, 4}});
  const RunStats b = SummarizeRuns({{9, 100, 4}, {0, 100, 3}, {1, 100, 1}, {5, 100, 2}});
  EXPECT_EQ(a.mean_ci.low, b.mean_ci.low);
  EXPECT_EQ(a.mean_ci.high, b.mean_ci.high);
}

TEST(Stats, RunsWithoutAckedWritesCountAsRunsButHaveNoRate) {
  const RunStats s = SummarizeRuns({{0, 0, 1}, {2, 100, 2}});
  EXPECT_EQ(s.runs, 2u);
  EXPECT_EQ(s.runs_with_loss, 1u);
  EXPECT_EQ(s.rated, 1u);
  EXPECT_DOUBLE_EQ(s.mean, 0.02);
  EXPECT_EQ(SummarizeRuns({}).runs, 0u);
}

}  // namespace
}  // namespace tools
