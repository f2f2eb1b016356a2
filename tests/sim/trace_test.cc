#include "sim/trace.h"

#include <gtest/gtest.h>

#include "sim/event_queue.h"

namespace sim {
namespace {

constexpr auto kTimer = static_cast<std::uint32_t>(EventKind::kTimer);
constexpr auto kFaultBegin = static_cast<std::uint32_t>(EventKind::kFaultBegin);

TEST(Trace, PastTheBoundOnlyRareKindsAreKeptAndTheHashCoversAll) {
  Trace kept(/*keep=*/true, /*records_max=*/10);
  Trace plain(/*keep=*/false);
  for (std::uint32_t i = 0; i < 100; ++i) {
    const std::uint32_t kind =
        i % 10 == 9 ? Trace::kModelKindFirst : (i % 10 == 5 ? kFaultBegin : kTimer);
    kept.Fold(i, kind, 0, i, 0);
    plain.Fold(i, kind, 0, i, 0);
  }
  EXPECT_EQ(kept.hash(), plain.hash());
  EXPECT_TRUE(kept.truncated());
  // The first 10 records, then the 9 faults and 9 model records after them.
  ASSERT_EQ(kept.records().size(), 28u);
  for (std::size_t r = 10; r < kept.records().size(); ++r)
    EXPECT_NE(kept.records()[r].kind, kTimer);
  EXPECT_EQ(kept.records().back().at, 99);
}

TEST(Trace, SameRecordsInAnotherOrderGiveAnotherHash) {
  Trace a;
  Trace b;
  a.Fold(1, kTimer, 0, 1, 0);
  a.Fold(1, kTimer, 0, 2, 0);
  b.Fold(1, kTimer, 0, 2, 0);
  b.Fold(1, kTimer, 0, 1, 0);
  EXPECT_NE(a.hash(), b.hash());
}

}  // namespace
}  // namespace sim
