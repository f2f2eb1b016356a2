// sim/trace.h
//
// The run's fingerprint. Every dispatched event, and every record the model
// adds (time, kind, subject, a, b), is folded into a 64-bit chain a word at a
// time: two 64x64->128-bit multiply-folds per record (the mixing step of
// wyhash and XXH3), integer arithmetic only, so the same events in the same
// order give the same hash on every platform and build type. Hashing is
// always on and costs a few nanoseconds; keeping the records themselves (for
// --events and --trace) is opt-in and bounded.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace sim {

struct TraceRecord {
  Time at;
  std::uint32_t kind;  // EventKind values below 256; the model's own kinds from 256
  std::uint32_t subject;
  std::uint64_t a;
  std::uint64_t b;
};

// Told every record as it is folded (the event log).
class TraceObserver {
 public:
  virtual ~TraceObserver() = default;
  virtual void OnRecord(const TraceRecord& record) = 0;
};

class Trace {
 public:
  static constexpr std::uint32_t kModelKindFirst = 256;

  static constexpr std::uint64_t kRareRecordsMax = 1'000'000;

  // Keeps at most records_max records when keep is set, and beyond them up to
  // kRareRecordsMax records of kinds other than deliveries and timers; the
  // hash covers all.
  explicit Trace(bool keep = false, std::uint64_t records_max = 2'000'000);

  void Fold(Time at, std::uint32_t kind, std::uint32_t subject, std::uint64_t a, std::uint64_t b);
  // Tells observer every record from now on (nullptr: no one). It must not
  // touch the run.
  void Observe(TraceObserver* observer) { observer_ = observer; }

  std::uint64_t hash() const { return hash_; }
  std::uint64_t count() const { return count_; }
  bool keeping() const { return keep_; }
  bool truncated() const { return keep_ && count_ > records_.size(); }
  const std::vector<TraceRecord>& records() const { return records_; }

 private:
  bool keep_;
  TraceObserver* observer_ = nullptr;
  std::uint64_t records_max_;
  std::uint64_t hash_ = 0;
  std::uint64_t count_ = 0;
  std::vector<TraceRecord> records_;
};

}  // namespace sim
