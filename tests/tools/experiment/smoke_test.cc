#include "tools/experiment/smoke.h"

#include <gtest/gtest.h>

namespace tools {
namespace {

TEST(Smoke, EveryRequestIsAnsweredOrTimesOut) {
  const SmokeResult r = RunSmoke(1, 10'000);
  EXPECT_EQ(r.requests, 10'000u);
  EXPECT_EQ(r.replies + r.timeouts, r.requests);
}

TEST(Smoke, EachFaultLeavesItsMark) {
  const SmokeResult r = RunSmoke(1, 10'000);
  EXPECT_GT(r.network.cut, 0u);          // the partition
  EXPECT_GT(r.network.target_down, 0u);  // the crash
  EXPECT_GT(r.network.stalled, 0u);      // the stall
  EXPECT_GT(r.network.dropped, 0u);      // 0.1 % drops
  EXPECT_GT(r.timeouts, 300u);           // a third of 1s of requests, at least, was cut off
}

TEST(Smoke, SameSeedSameHashOtherSeedOtherHash) {
  EXPECT_EQ(RunSmoke(3, 2'000).trace_hash, RunSmoke(3, 2'000).trace_hash);
  EXPECT_NE(RunSmoke(3, 2'000).trace_hash, RunSmoke(4, 2'000).trace_hash);
}

}  // namespace
}  // namespace tools
