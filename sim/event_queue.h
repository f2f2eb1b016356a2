// sim/event_queue.h
//
// The pending future of one run. Events pop in (time, seq) order; seq is the
// insertion counter, so events at the same instant run in the order they were
// scheduled, on every machine and every build. The heap holds 16-byte plain
// entries (time, seq << 24 | slot); the event itself sits in a slot that is
// reused through a free list, so a push or a pop allocates nothing. Capacity
// is fixed at construction: running out means a limit is wrong, not that the
// queue should grow. Cancel is lazy: a cancelled entry stays in the heap and
// is dropped when it reaches the top. Whether the top is cancelled is read
// from a bitmap (capacity bits: it stays in cache where the slots do not), and
// the new top's slot is prefetched, so with a million pending events the
// slot's cache miss overlaps the work between two pops.
#pragma once

#include <cstdint>
#include <type_traits>
#include <vector>

#include "sim/time.h"

namespace sim {

using ProcessId = std::uint32_t;

enum class EventKind : std::uint8_t {
  kDeliver,     // arg: message slot in the network
  kTimer,       // arg: the process's own tag
  kFaultBegin,  // arg: fault index
  kFaultEnd,    // arg: fault index
};

// Small and trivially copyable: no closure, no heap, no string.
struct Event {
  EventKind kind = EventKind::kTimer;
  std::uint8_t unused = 0;
  std::uint16_t epoch = 0;  // the target's incarnation when scheduled (kTimer)
  ProcessId target = 0;
  std::uint64_t arg = 0;
};
static_assert(std::is_trivially_copyable_v<Event>);
static_assert(sizeof(Event) == 16);

// Names one scheduled event: slot in the low 32 bits, the slot's generation
// above, so a stale id (already popped or cancelled) never cancels a reuse.
using EventId = std::uint64_t;

struct Scheduled {
  Time at;
  Event event;
};

class EventQueue {
 public:
  static constexpr std::uint32_t kCapacityMax = (1u << 24) - 1;  // slot bits in the key

  // REQUIRES: 0 < capacity <= kCapacityMax.
  explicit EventQueue(std::uint32_t capacity);

  // Schedules event at `at`. REQUIRES: size() < capacity().
  EventId Push(Time at, const Event& event) { return PushAt(at, ReserveOrder(), event); }
  // A place in the order of events at one instant, taken now, for an event
  // pushed later with PushAt: it runs where a Push now would have.
  std::uint64_t ReserveOrder();
  // Schedules event at `at` in the place `order`. REQUIRES: order came from
  // ReserveOrder and was not used; size() < capacity().
  EventId PushAt(Time at, std::uint64_t order, const Event& event);

  // Cancels a pending event; false if it already ran or was cancelled.
  bool Cancel(EventId id);

  // Removes and returns the earliest live event. REQUIRES: !empty().
  Scheduled Pop();

  // The time of the earliest live event. REQUIRES: !empty().
  Time NextTime() const { return heap_.front().at; }

  bool empty() const { return heap_.empty(); }
  std::uint32_t size() const { return live_; }  // live events, cancelled ones not counted
  std::uint32_t capacity() const { return capacity_; }
  std::uint64_t pushed() const { return seq_next_; }

 private:
  struct Entry {
    Time at;
    std::uint64_t key;  // seq << 24 | slot: unique, so (at, key) is a strict order
  };
  static_assert(sizeof(Entry) == 16);
  enum class SlotState : std::uint8_t { kFree, kPending, kCancelled };
  struct Slot {
    Event event;
    std::uint32_t generation = 0;
    SlotState state = SlotState::kFree;
  };

  static bool Before(const Entry& a, const Entry& b) {
    return a.at < b.at || (a.at == b.at && a.key < b.key);
  }
  void HeapPush(Entry entry);
  void SiftUp(std::size_t i, Entry entry);
  Entry HeapPop();
  std::uint32_t TakeSlot();
  void Release(std::uint32_t slot);
  void DropCancelledTop();
  bool IsCancelled(std::uint32_t slot) const { return (cancelled_[slot >> 6] >> (slot & 63)) & 1u; }
  void SetCancelled(std::uint32_t slot, bool on);

  std::uint32_t capacity_;
  std::uint32_t live_ = 0;
  std::uint64_t seq_next_ = 0;
  std::vector<Entry> heap_;               // min-heap on (at, key); reserved once
  std::vector<Slot> slots_;               // the slots used so far; capacity_ reserved
  std::vector<std::uint32_t> free_;       // free slot stack; LIFO keeps hot slots in cache
  std::vector<std::uint64_t> cancelled_;  // one bit per slot: state == kCancelled
};

}  // namespace sim
