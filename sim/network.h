// sim/network.h
//
// Messages between processes with sampled latency, random drops, partitions
// between two sets of processes (both directions; several may overlap),
// per-process slowdown and stall. A message that is dropped, cut off, sent by
// a stalled process, or addressed to a process that crashed after it was
// sent, is lost without a word: the sender learns only by its own timeout.
// Partitions are checked when a message is sent and again when it arrives.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/event_queue.h"
#include "sim/process.h"
#include "sim/rng_stream.h"
#include "sim/time.h"

namespace sim {

// fixed{a} | uniform{a, b} | exponential{mean a} | lognormal{median a, p99 b}
struct LatencyModel {
  enum class Kind : std::uint8_t { kFixed, kUniform, kExponential, kLogNormal };
  Kind kind = Kind::kExponential;
  Time a = kMillisecond;
  Time b = 0;

  Time Sample(RngStream& stream) const;  // >= 0
};

struct NetworkConfig {
  LatencyModel latency;
  double drop_probability = 0.0;
  std::uint32_t messages_max = 1u << 20;  // messages in flight at once
};

struct NetworkStats {
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;     // random drop
  std::uint64_t cut = 0;         // partition, at send or arrival
  std::uint64_t stalled = 0;     // sender stalled
  std::uint64_t target_down = 0; // target down or restarted since send
};

class Network {
 public:
  Network(const NetworkConfig& config, std::uint64_t seed, std::vector<ProcessState>& processes,
          EventQueue& queue);

  // Called when processes are added. REQUIRES: before the first Send.
  void Resize(std::size_t process_count);

  // Sends message (from, to set by the caller) after a sampled latency.
  void Send(Time now, Message message);

  // The message waiting in a slot, for the trace. REQUIRES: slot in flight.
  const Message& Peek(std::uint64_t slot) const { return slots_[slot]; }

  // The arrival event of a message slot; hands it to the target if it may.
  void Deliver(std::uint64_t slot);

  // Partitions: Cut/Heal count, so overlapping partitions heal independently.
  void Cut(ProcessId a, ProcessId b);
  void Heal(ProcessId a, ProcessId b);
  bool IsCut(ProcessId a, ProcessId b) const { return cuts_[a * count_ + b] > 0; }

  const NetworkStats& stats() const { return stats_; }
  std::uint32_t in_flight() const { return in_flight_; }

 private:
  NetworkConfig config_;
  RngStream latency_stream_;
  RngStream drop_stream_;
  std::vector<ProcessState>& processes_;
  EventQueue& queue_;
  std::size_t count_ = 0;
  std::vector<std::uint16_t> cuts_;  // count_ x count_, symmetric
  std::vector<Message> slots_;
  std::vector<std::uint32_t> free_;
  std::uint32_t in_flight_ = 0;
  NetworkStats stats_;
};

}  // namespace sim
