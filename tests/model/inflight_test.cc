#include "model/inflight.h"

#include <gtest/gtest.h>

namespace model {
namespace {

TEST(InFlight, DrainedWhenEveryTargetHasAnOutcome) {
  InFlight inflight{DrainSettle::kPerTarget};
  inflight.Register(1, 0, Bit(0) | Bit(3));
  EXPECT_FALSE(inflight.IsDrained());
  inflight.Ack(1, 0);
  EXPECT_EQ(inflight.CountPending(), 1u);
  inflight.Fail(1, 3);
  EXPECT_TRUE(inflight.IsDrained());
}

TEST(InFlight, OutcomesAreRecordedOnEveryTrackedWriteWithTheSameDocId) {
  InFlight inflight{DrainSettle::kPerTarget};
  inflight.Register(5, 0, Bit(0));
  inflight.Register(5, 0, Bit(0) | Bit(3));
  inflight.Register(6, 0, Bit(0));
  inflight.Ack(5, 0);  // the original matches by id alone: both writes of doc 5 hear it
  EXPECT_EQ(inflight.CountPending(), 2u);
  EXPECT_EQ(inflight.writes()[0].completed, Bit(0));
  EXPECT_EQ(inflight.writes()[1].completed, Bit(0));
  EXPECT_EQ(inflight.writes()[2].completed, 0u);
}

TEST(InFlight, AnOutcomeForAnUntrackedDocIsIgnored) {
  InFlight inflight{DrainSettle::kPerTarget};
  inflight.Register(1, 0, Bit(0));
  inflight.Ack(2, 0);
  EXPECT_EQ(inflight.CountPending(), 1u);
}

TEST(InFlight, DropKeepsOtherShardsAndTheirIndex) {
  InFlight inflight{DrainSettle::kPerTarget};
  inflight.Register(1, 0, Bit(0));
  inflight.Register(2, 1, Bit(0));
  inflight.Register(3, 1, Bit(0));
  inflight.Ack(3, 0);
  inflight.Drop({true, false});
  ASSERT_EQ(inflight.size(), 2u);
  EXPECT_EQ(inflight.CountPending(), 1u);
  inflight.Ack(2, 0);
  EXPECT_TRUE(inflight.IsDrained());
}

}  // namespace
}  // namespace model
