#include "sim/event_queue.h"

#include "sim/check.h"

namespace sim {
namespace {
constexpr std::uint64_t kSlotMask = (1u << 24) - 1;
constexpr std::uint64_t kSeqMax = (std::uint64_t{1} << 40) - 1;
}  // namespace

EventQueue::EventQueue(std::uint32_t capacity) : capacity_(capacity) {
  SIM_ASSERT(capacity > 0, "capacity={}", capacity);
  SIM_ASSERT(capacity <= kCapacityMax, "capacity={}", capacity);
  // Heap entries of cancelled events linger until they reach the top, so the
  // heap may hold more entries than live events; it grows past this rarely.
  heap_.reserve(capacity);
  // Reserved, not filled: a slot's memory is first touched when it is first
  // used, so a small run does not pay page faults for the whole capacity.
  slots_.reserve(capacity);
  cancelled_.assign((capacity + 63) / 64, 0);
  free_.reserve(capacity);
}

std::uint64_t EventQueue::ReserveOrder() {
  SIM_ASSERT(seq_next_ <= kSeqMax, "sequence exhausted: seq={}", seq_next_);
  return seq_next_++;
}

EventId EventQueue::PushAt(Time at, std::uint64_t order, const Event& event) {
  SIM_ASSERT(order < seq_next_, "order {} was never reserved", order);
  const std::uint32_t slot = TakeSlot();
  Slot& s = slots_[slot];
  s.event = event;
  s.generation += 1;
  s.state = SlotState::kPending;
  ++live_;
  HeapPush({at, (order << 24) | slot});
  return (std::uint64_t{s.generation} << 32) | slot;
}

bool EventQueue::Cancel(EventId id) {
  const std::uint32_t slot = static_cast<std::uint32_t>(id);
  if (slot >= slots_.size()) return false;
  Slot& s = slots_[slot];
  if (s.generation != (id >> 32) || s.state != SlotState::kPending) return false;
  s.state = SlotState::kCancelled;
  SetCancelled(slot, true);
  --live_;
  DropCancelledTop();
  return true;
}

Scheduled EventQueue::Pop() {
  SIM_ASSERT(!heap_.empty(), "Pop on an empty queue");
  const Entry top = HeapPop();
  const std::uint32_t slot = static_cast<std::uint32_t>(top.key & kSlotMask);
  SIM_ASSERT(slots_[slot].state == SlotState::kPending, "top slot {} not pending", slot);
  const Scheduled out{top.at, slots_[slot].event};
  --live_;
  Release(slot);
  DropCancelledTop();
  if (!heap_.empty()) __builtin_prefetch(&slots_[heap_.front().key & kSlotMask]);
  return out;
}

// The last released slot first (it is hot in cache), else a fresh one in
// ascending order.
std::uint32_t EventQueue::TakeSlot() {
  if (!free_.empty()) {
    const std::uint32_t slot = free_.back();
    free_.pop_back();
    return slot;
  }
  SIM_ASSERT(slots_.size() < capacity_, "event queue full: capacity={} pending={}", capacity_, live_);
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void EventQueue::SetCancelled(std::uint32_t slot, bool on) {
  const std::uint64_t bit = std::uint64_t{1} << (slot & 63);
  cancelled_[slot >> 6] = on ? (cancelled_[slot >> 6] | bit) : (cancelled_[slot >> 6] & ~bit);
}

void EventQueue::Release(std::uint32_t slot) {
  if (slots_[slot].state == SlotState::kCancelled) SetCancelled(slot, false);
  slots_[slot].state = SlotState::kFree;
  free_.push_back(slot);
}

// Keeps the invariant: the heap's top, if any, is a live event.
void EventQueue::DropCancelledTop() {
  while (!heap_.empty()) {
    const std::uint32_t slot = static_cast<std::uint32_t>(heap_.front().key & kSlotMask);
    if (!IsCancelled(slot)) return;
    HeapPop();
    Release(slot);
  }
}

void EventQueue::HeapPush(Entry entry) {
  heap_.push_back(entry);
  SiftUp(heap_.size() - 1, entry);
}

// Puts entry at the hole i or above it.
void EventQueue::SiftUp(std::size_t i, Entry entry) {
  while (i > 0) {
    const std::size_t parent = (i - 1) / 2;
    if (!Before(entry, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = entry;
}

// Bottom-up: the hole at the top sinks to a leaf along the smaller children
// (one comparison a level, not two), then the last entry rises from there;
// it rarely rises far, since it came from the bottom.
EventQueue::Entry EventQueue::HeapPop() {
  const Entry top = heap_.front();
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return top;
  std::size_t i = 0;
  for (std::size_t child = 1; child < n; child = 2 * i + 1) {
    if (child + 1 < n && Before(heap_[child + 1], heap_[child])) ++child;
    heap_[i] = heap_[child];
    i = child;
  }
  SiftUp(i, last);
  return top;
}

}  // namespace sim
