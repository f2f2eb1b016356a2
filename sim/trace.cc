#include "sim/trace.h"

#include "sim/event_queue.h"

namespace sim {
namespace {

// The 128-bit product of a and b, its halves xor-ed: a 64-bit mix in which
// every input bit reaches every output bit.
std::uint64_t MultiplyFold(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

// Odd constants with well-spread bits (the primes of XXH3).
constexpr std::uint64_t kPrime1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t kPrime2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t kPrime3 = 0x165667B19E3779F9ULL;
constexpr std::uint64_t kPrime4 = 0x85EBCA77C2B2AE63ULL;

}  // namespace

Trace::Trace(bool keep, std::uint64_t records_max) : keep_(keep), records_max_(records_max) {}

void Trace::Fold(Time at, std::uint32_t kind, std::uint32_t subject, std::uint64_t a,
                 std::uint64_t b) {
  const std::uint64_t head = (std::uint64_t{kind} << 32) | subject;
  const std::uint64_t first =
      MultiplyFold(static_cast<std::uint64_t>(at) ^ hash_ ^ kPrime1, head ^ kPrime2);
  hash_ = MultiplyFold(a ^ first ^ kPrime3, b ^ kPrime4) ^ first;
  ++count_;
  if (observer_ != nullptr) observer_->OnRecord({at, kind, subject, a, b});
  if (!keep_) return;
  // Past records_max only the rare kinds are kept (all but deliveries and
  // timers: faults, crashes, triggers, the model's phases), so the trace of
  // a big run still has every phase and fault.
  const bool bulk = kind == static_cast<std::uint32_t>(EventKind::kDeliver) ||
                    kind == static_cast<std::uint32_t>(EventKind::kTimer);
  const std::uint64_t cap = bulk ? records_max_ : records_max_ + kRareRecordsMax;
  if (records_.size() < cap) records_.push_back({at, kind, subject, a, b});
}

}  // namespace sim
