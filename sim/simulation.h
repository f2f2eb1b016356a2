// sim/simulation.h
//
// One run of the kernel: the virtual clock, the event queue, the processes,
// the network, the faults and the trace. Single-threaded and deterministic:
// the same config, processes and calls give the same events in the same
// order, and so the same trace hash. The one place that dispatches an event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/event_queue.h"
#include "sim/fault.h"
#include "sim/network.h"
#include "sim/process.h"
#include "sim/rng_stream.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace sim {

struct SimulationConfig {
  std::uint64_t seed = 1;
  std::uint32_t events_max = 1u << 20;        // pending at once
  std::uint64_t steps_max = 10'000'000'000;   // dispatched per run: a runaway bound
  NetworkConfig network;
  bool keep_trace = false;
};

// Trace kinds of the kernel's own records, beside the EventKind values.
enum class KernelRecord : std::uint32_t { kCrash = 16, kRestart = 17, kTrigger = 18 };

class Simulation {
 public:
  explicit Simulation(const SimulationConfig& config);
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Processes are added before the run starts. REQUIRES: name unique.
  ProcessId AddProcess(std::string name, Process* process);
  std::optional<ProcessId> FindProcess(std::string_view name) const;
  const std::string& name(ProcessId process) const { return names_[process]; }
  std::size_t process_count() const { return processes_.size(); }
  const ProcessState& state(ProcessId process) const { return processes_[process]; }

  // Named triggers. Defining one twice returns the same id.
  TriggerId DefineTrigger(std::string_view name);
  std::optional<TriggerId> FindTrigger(std::string_view name) const;
  const std::string& trigger_name(TriggerId trigger) const { return triggers_[trigger].name; }
  // The first fire schedules everything waiting on it; later fires do nothing.
  void FireTrigger(TriggerId trigger);
  std::optional<Time> fired_at(TriggerId trigger) const { return triggers_[trigger].fired_at; }

  // Faults; the index is AddFault's order. REQUIRES: an absolute time >= now();
  // not both a duration and an `until`.
  std::uint32_t AddFault(FaultSpec spec);
  const FaultSpec& fault(std::uint32_t index) const { return faults_[index]; }
  void set_fault_listener(FaultListener* listener) { fault_listener_ = listener; }

  // A timer for a process after delay (>= 0), or at a time point. Timers die
  // with the incarnation that set them.
  EventId SetTimer(ProcessId process, Time delay, std::uint64_t tag);
  void At(TimePoint point, ProcessId process, std::uint64_t tag);
  bool CancelTimer(EventId id) { return queue_.Cancel(id); }
  // A timer decided now but scheduled later, or never: ReserveTimer takes its
  // place among the events of its instant now (as SetTimer would), and
  // SetReservedTimer schedules it at `at` in that place. A timer that turns
  // out not to be needed is never scheduled and costs no event.
  // REQUIRES (SetReservedTimer): at >= now(); the process's incarnation is
  // the one that reserved it.
  std::uint64_t ReserveTimer() { return queue_.ReserveOrder(); }
  EventId SetReservedTimer(ProcessId process, Time at, std::uint64_t tag, std::uint64_t order);

  // Sends from message.from to message.to through the network.
  void Send(const Message& message) { network_.Send(now_, message); }

  // Immediate crash and restart (faults use these too); idempotent.
  void Crash(ProcessId process);
  void Restart(ProcessId process);

  // Runs one event; false when nothing is pending.
  bool Step();
  // Runs every event at or before limit; the clock then reads limit.
  // REQUIRES: limit < kTimeMax (use Run).
  void RunUntil(Time limit);
  // Runs until nothing is pending.
  void Run() { while (Step()) {} }
  // Runs while pred() holds and events are pending.
  template <typename Pred>
  void RunWhile(Pred pred) {
    while (pred() && Step()) {
    }
  }

  Time now() const { return now_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t steps() const { return steps_; }
  std::uint32_t pending() const { return queue_.size(); }
  Time NextTime() const { return queue_.NextTime(); }  // REQUIRES: pending() > 0
  RngStream Stream(std::string_view name) const { return RngStream(seed_, name); }
  Trace& trace() { return trace_; }
  const Trace& trace() const { return trace_; }
  const Network& network() const { return network_; }
  Network& network() { return network_; }

 private:
  struct Trigger {
    std::string name;
    std::optional<Time> fired_at;
    std::vector<std::pair<Time, Event>> waiting;  // (offset, event)
  };

  void Dispatch(const Scheduled& scheduled);
  void BeginFault(std::uint32_t index);
  void EndFault(std::uint32_t index);
  void Schedule(TimePoint point, Event event);
  Event TimerEvent(ProcessId process, std::uint64_t tag) const;

  std::uint64_t seed_;
  std::uint64_t steps_max_;
  Time now_ = 0;
  std::uint64_t steps_ = 0;
  EventQueue queue_;
  std::vector<ProcessState> processes_;
  std::vector<std::string> names_;
  Network network_;
  Trace trace_;
  std::vector<Trigger> triggers_;
  std::vector<FaultSpec> faults_;
  enum class FaultState : std::uint8_t { kPending, kActive, kOver };
  std::vector<FaultState> fault_states_;  // by fault index
  FaultListener* fault_listener_ = nullptr;
};

}  // namespace sim
