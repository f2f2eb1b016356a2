// sim/fault.h
//
// Faults the kernel applies itself (partition, crash, slow, stall) and
// faults it only announces to a listener (kCustom: the model's write
// failures, clock skew). Each begins at a time point, absolute or on a named
// trigger that other code fires (the model fires "phase:<name>"), and ends
// after its duration, at its own `until` time point, or never. A fault is in
// force at most once, from its beginning to its end: an end that comes
// before the beginning means it never begins.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "sim/event_queue.h"
#include "sim/time.h"

namespace sim {

using TriggerId = std::uint32_t;
inline constexpr TriggerId kNoTrigger = UINT32_MAX;
inline constexpr Time kForever = -1;

// An absolute time (trigger == kNoTrigger), or offset after a trigger fires.
struct TimePoint {
  TriggerId trigger = kNoTrigger;
  Time offset = 0;
};

enum class FaultKind : std::uint8_t { kPartition, kCrash, kSlow, kStall, kCustom };

struct FaultSpec {
  FaultKind kind = FaultKind::kCustom;
  TimePoint at;
  Time duration = kForever;             // kCrash: time until restart
  std::optional<TimePoint> until;       // instead of duration: ends at this point
  ProcessId target = 0;                 // kCrash, kSlow, kStall
  std::vector<ProcessId> side_a;        // kPartition
  std::vector<ProcessId> side_b;        // kPartition
  std::uint32_t latency_factor = 1;     // kSlow
  std::uint64_t custom_tag = 0;         // kCustom: the listener's own

  static FaultSpec Partition(TimePoint at, Time duration, std::vector<ProcessId> side_a,
                             std::vector<ProcessId> side_b) {
    FaultSpec f = Timed(FaultKind::kPartition, at, duration);
    f.side_a = std::move(side_a);
    f.side_b = std::move(side_b);
    return f;
  }
  static FaultSpec Crash(TimePoint at, Time restart_after, ProcessId target) {
    return Targeted(FaultKind::kCrash, at, restart_after, target);
  }
  static FaultSpec Slow(TimePoint at, Time duration, ProcessId target, std::uint32_t factor) {
    FaultSpec f = Targeted(FaultKind::kSlow, at, duration, target);
    f.latency_factor = factor;
    return f;
  }
  static FaultSpec Stall(TimePoint at, Time duration, ProcessId target) {
    return Targeted(FaultKind::kStall, at, duration, target);
  }
  static FaultSpec Custom(TimePoint at, Time duration, std::uint64_t tag) {
    FaultSpec f = Timed(FaultKind::kCustom, at, duration);
    f.custom_tag = tag;
    return f;
  }
  static FaultSpec CustomUntil(TimePoint at, std::optional<TimePoint> until, std::uint64_t tag) {
    FaultSpec f = Custom(at, kForever, tag);
    f.until = until;
    return f;
  }

 private:
  static FaultSpec Targeted(FaultKind kind, TimePoint at, Time duration, ProcessId target) {
    FaultSpec f = Timed(kind, at, duration);
    f.target = target;
    return f;
  }
  static FaultSpec Timed(FaultKind kind, TimePoint at, Time duration) {
    FaultSpec f;
    f.kind = kind;
    f.at = at;
    f.duration = duration;
    return f;
  }
};

// Told when a kCustom fault begins and ends (index: the AddFault order).
class FaultListener {
 public:
  virtual ~FaultListener() = default;
  virtual void OnFaultBegin(std::uint32_t fault, std::uint64_t custom_tag) = 0;
  virtual void OnFaultEnd(std::uint32_t fault, std::uint64_t custom_tag) = 0;
};

}  // namespace sim
