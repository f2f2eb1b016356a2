#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include "sim/check.h"

namespace sim {
namespace {

Event Tagged(std::uint64_t tag) { return Event{EventKind::kTimer, 0, 0, 0, tag}; }

TEST(EventQueue, SameInstantPopsInInsertionOrder) {
  EventQueue queue(64);
  for (std::uint64_t tag = 0; tag < 20; ++tag) queue.Push(100, Tagged(tag));
  for (std::uint64_t tag = 0; tag < 20; ++tag) {
    const Scheduled s = queue.Pop();
    EXPECT_EQ(s.at, 100);
    EXPECT_EQ(s.event.arg, tag);
  }
  EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, PopsByTimeThenSequence) {
  EventQueue queue(64);
  queue.Push(30, Tagged(1));
  queue.Push(10, Tagged(2));
  queue.Push(20, Tagged(3));
  queue.Push(10, Tagged(4));
  const std::uint64_t expected[] = {2, 4, 3, 1};
  for (const std::uint64_t tag : expected) EXPECT_EQ(queue.Pop().event.arg, tag);
}

TEST(EventQueue, AReservedPlaceRunsWhereAPushAtReservationWouldHave) {
  EventQueue queue(64);
  queue.Push(100, Tagged(1));
  const std::uint64_t reserved = queue.ReserveOrder();  // between 1 and 3
  queue.Push(100, Tagged(3));
  const std::uint64_t unused = queue.ReserveOrder();  // never pushed: costs nothing
  (void)unused;
  queue.Push(100, Tagged(4));
  EXPECT_EQ(queue.Pop().event.arg, 1u);
  queue.PushAt(100, reserved, Tagged(2));  // pushed late, at the same instant
  const std::uint64_t expected[] = {2, 3, 4};
  for (const std::uint64_t tag : expected) EXPECT_EQ(queue.Pop().event.arg, tag);
  EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, CancelledEventNeverPopsAndStaleIdIsRefused) {
  EventQueue queue(4);
  const EventId first = queue.Push(10, Tagged(1));
  queue.Push(20, Tagged(2));
  EXPECT_TRUE(queue.Cancel(first));
  EXPECT_FALSE(queue.Cancel(first));
  EXPECT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue.NextTime(), 20);
  // The cancelled slot is reused; the old id must not cancel the new event.
  queue.Push(15, Tagged(3));
  EXPECT_FALSE(queue.Cancel(first));
  EXPECT_EQ(queue.Pop().event.arg, 3u);
  EXPECT_EQ(queue.Pop().event.arg, 2u);
  EXPECT_TRUE(queue.empty());
}

TEST(EventQueue, CancelOfAPoppedEventIsRefused) {
  EventQueue queue(4);
  const EventId id = queue.Push(10, Tagged(1));
  queue.Pop();
  EXPECT_FALSE(queue.Cancel(id));
}

TEST(EventQueue, CancellingEverythingEmptiesTheQueue) {
  EventQueue queue(8);
  std::vector<EventId> ids;
  for (int i = 0; i < 8; ++i) ids.push_back(queue.Push(i, Tagged(i)));
  for (const EventId id : ids) EXPECT_TRUE(queue.Cancel(id));
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.size(), 0u);
}

TEST(EventQueue, OverflowIsAnInternalError) {
  EventQueue queue(2);
  queue.Push(1, Tagged(1));
  queue.Push(2, Tagged(2));
  EXPECT_THROW(queue.Push(3, Tagged(3)), InternalError);
}

TEST(EventQueue, ManyInterleavedPushesPopInOrder) {
  EventQueue queue(4096);
  std::uint64_t state = 12345;
  Time last = 0;
  std::uint64_t popped = 0;
  for (int round = 0; round < 100'000; ++round) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    if (queue.size() < 4000 && (state >> 60) < 9) {
      queue.Push(last + static_cast<Time>((state >> 20) % 1000), Tagged(round));
    } else if (!queue.empty()) {
      const Scheduled s = queue.Pop();
      ASSERT_GE(s.at, last);
      last = s.at;
      ++popped;
    }
  }
  EXPECT_GT(popped, 10'000u);
}

}  // namespace
}  // namespace sim
