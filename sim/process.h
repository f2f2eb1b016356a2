// sim/process.h
//
// What the kernel calls on a simulated process. The model implements it; the
// kernel never looks inside a message's words. A crash loses the process's
// memory: the kernel discards its pending timers and the messages addressed
// to it, and calls OnCrash so the process drops its volatile state (what it
// persisted stays). OnRestart brings it back with a new incarnation.
#pragma once

#include <array>
#include <cstdint>
#include <vector>
#include <type_traits>

#include "sim/event_queue.h"

namespace sim {

// A message between two processes. `type` and `words` are the model's.
struct Message {
  ProcessId from = 0;
  ProcessId to = 0;
  std::uint32_t type = 0;
  std::uint32_t incarnation = 0;  // set by the network: the target's, at send time
  std::array<std::uint64_t, 4> words{};
};
static_assert(std::is_trivially_copyable_v<Message>);

class Process {
 public:
  virtual ~Process() = default;
  virtual void OnMessage(const Message& message) = 0;
  virtual void OnTimer(std::uint64_t tag) = 0;
  virtual void OnCrash() = 0;  // lose memory; what was persisted stays
  virtual void OnRestart() = 0;
};

// The kernel's view of every process: up or down, incarnation, faults in force.
struct ProcessState {
  Process* process = nullptr;
  bool up = true;
  // Bumped by each crash and each restart: a life of the process. Timers and
  // messages belong to the life they were scheduled or sent in.
  std::uint32_t incarnation = 0;
  std::uint32_t stalls = 0;       // stall faults in force: takes messages, answers none
  std::uint32_t latency_factor = 1;  // product of slow faults in force, saturated
  std::vector<std::uint32_t> slow_factors;  // the slow faults in force, in the order begun
};

}  // namespace sim
