#include "sim/trace.h"

#include <xxhash.h>

#include "sim/event_queue.h"

namespace sim {
namespace {

// Little-endian by construction, whatever the host's byte order.
void PutLe(unsigned char* out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<unsigned char>(value >> (8 * i));
}

}  // namespace

Trace::Trace(bool keep, std::uint64_t records_max) : keep_(keep), records_max_(records_max) {}

void Trace::Fold(Time at, std::uint32_t kind, std::uint32_t subject, std::uint64_t a,
                 std::uint64_t b) {
  unsigned char bytes[32];
  PutLe(bytes, static_cast<std::uint64_t>(at), 8);
  PutLe(bytes + 8, kind, 4);
  PutLe(bytes + 12, subject, 4);
  PutLe(bytes + 16, a, 8);
  PutLe(bytes + 24, b, 8);
  hash_ = XXH3_64bits_withSeed(bytes, sizeof bytes, hash_);
  ++count_;
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
