#include "sim/simulation.h"

#include <algorithm>

#include "sim/check.h"

namespace sim {
namespace {

// The product of the slow faults in force, saturated: a factor past 2^32 is
// as slow as never, and the network saturates the delay it makes.
void UpdateLatencyFactor(ProcessState& process) {
  std::uint64_t product = 1;
  for (const std::uint32_t factor : process.slow_factors) {
    product = std::min<std::uint64_t>(product * factor, UINT32_MAX);
  }
  process.latency_factor = static_cast<std::uint32_t>(product);
}

}  // namespace
}  // namespace sim

namespace sim {

Simulation::Simulation(const SimulationConfig& config)
    : seed_(config.seed),
      steps_max_(config.steps_max),
      queue_(config.events_max),
      network_(config.network, config.seed, processes_, queue_),
      trace_(config.keep_trace) {}

ProcessId Simulation::AddProcess(std::string name, Process* process) {
  SIM_ASSERT(process != nullptr, "process {} is null", name);
  SIM_ASSERT(!FindProcess(name).has_value(), "process {} added twice", name);
  ProcessState state;
  state.process = process;
  processes_.push_back(std::move(state));
  names_.push_back(std::move(name));
  network_.Resize(processes_.size());
  return static_cast<ProcessId>(processes_.size() - 1);
}

std::optional<ProcessId> Simulation::FindProcess(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return static_cast<ProcessId>(i);
  }
  return std::nullopt;
}

TriggerId Simulation::DefineTrigger(std::string_view name) {
  if (const auto found = FindTrigger(name)) return *found;
  triggers_.push_back(Trigger{std::string(name), std::nullopt, {}});
  return static_cast<TriggerId>(triggers_.size() - 1);
}

std::optional<TriggerId> Simulation::FindTrigger(std::string_view name) const {
  for (std::size_t i = 0; i < triggers_.size(); ++i) {
    if (triggers_[i].name == name) return static_cast<TriggerId>(i);
  }
  return std::nullopt;
}

void Simulation::FireTrigger(TriggerId trigger) {
  SIM_ASSERT(trigger < triggers_.size(), "trigger={}", trigger);
  Trigger& t = triggers_[trigger];
  if (t.fired_at.has_value()) return;
  t.fired_at = now_;
  trace_.Fold(now_, static_cast<std::uint32_t>(KernelRecord::kTrigger), trigger, 0, 0);
  for (auto& [offset, event] : t.waiting) {
    // A timer belongs to the incarnation that is up when the trigger fires.
    if (event.kind == EventKind::kTimer) event = TimerEvent(event.target, event.arg);
    queue_.Push(now_ + offset, event);
  }
  t.waiting.clear();
}

void Simulation::Schedule(TimePoint point, Event event) {
  SIM_ASSERT(point.offset >= 0, "time point offset={}", point.offset);
  if (point.trigger == kNoTrigger) {
    SIM_ASSERT(point.offset >= now_, "time point {} is in the past (now {})", point.offset, now_);
    queue_.Push(point.offset, event);
    return;
  }
  SIM_ASSERT(point.trigger < triggers_.size(), "trigger={}", point.trigger);
  Trigger& t = triggers_[point.trigger];
  if (t.fired_at.has_value()) {
    queue_.Push(std::max(now_, *t.fired_at + point.offset), event);
  } else {
    t.waiting.emplace_back(point.offset, event);
  }
}

std::uint32_t Simulation::AddFault(FaultSpec spec) {
  const auto index = static_cast<std::uint32_t>(faults_.size());
  SIM_ASSERT(spec.duration == kForever || !spec.until.has_value(),
             "fault {} has both a duration and an until", index);
  const TimePoint at = spec.at;
  const std::optional<TimePoint> until = spec.until;
  faults_.push_back(std::move(spec));
  fault_states_.push_back(FaultState::kPending);
  Schedule(at, Event{EventKind::kFaultBegin, 0, 0, 0, index});
  if (until.has_value()) Schedule(*until, Event{EventKind::kFaultEnd, 0, 0, 0, index});
  return index;
}

Event Simulation::TimerEvent(ProcessId process, std::uint64_t tag) const {
  SIM_ASSERT(process < processes_.size(), "process={}", process);
  const auto epoch = static_cast<std::uint16_t>(processes_[process].incarnation);
  return Event{EventKind::kTimer, 0, epoch, process, tag};
}

EventId Simulation::SetTimer(ProcessId process, Time delay, std::uint64_t tag) {
  SIM_ASSERT(delay >= 0, "delay={}", delay);
  SIM_ASSERT(delay <= kTimeMax - now_, "delay={} overflows at now={}", delay, now_);
  return queue_.Push(now_ + delay, TimerEvent(process, tag));
}

EventId Simulation::SetReservedTimer(ProcessId process, Time at, std::uint64_t tag,
                                     std::uint64_t order) {
  SIM_ASSERT(at >= now_, "at={} before now={}", at, now_);
  return queue_.PushAt(at, order, TimerEvent(process, tag));
}

void Simulation::At(TimePoint point, ProcessId process, std::uint64_t tag) {
  Schedule(point, TimerEvent(process, tag));
}

void Simulation::Crash(ProcessId process) {
  ProcessState& state = processes_[process];
  if (!state.up) return;
  // The 16-bit epoch in a timer event must not wrap within a run.
  SIM_ASSERT(state.incarnation < UINT16_MAX - 1, "process {} crashed too often", names_[process]);
  state.up = false;
  ++state.incarnation;
  trace_.Fold(now_, static_cast<std::uint32_t>(KernelRecord::kCrash), process, 0, 0);
  state.process->OnCrash();
}

void Simulation::Restart(ProcessId process) {
  ProcessState& state = processes_[process];
  if (state.up) return;
  state.up = true;
  ++state.incarnation;
  trace_.Fold(now_, static_cast<std::uint32_t>(KernelRecord::kRestart), process, 0, 0);
  state.process->OnRestart();
}

bool Simulation::Step() {
  if (queue_.empty()) return false;
  SIM_ASSERT(steps_ < steps_max_, "steps_max={} reached at t={}", steps_max_, now_);
  const Scheduled scheduled = queue_.Pop();
  SIM_ASSERT(scheduled.at >= now_, "event at {} before now {}", scheduled.at, now_);
  now_ = scheduled.at;
  ++steps_;
  Dispatch(scheduled);
  return true;
}

void Simulation::RunUntil(Time limit) {
  SIM_ASSERT(limit < kTimeMax, "RunUntil(kTimeMax): use Run()");
  while (!queue_.empty() && queue_.NextTime() <= limit) Step();
  if (limit > now_) now_ = limit;
}

void Simulation::Dispatch(const Scheduled& scheduled) {
  const Event& event = scheduled.event;
  const auto kind = static_cast<std::uint32_t>(event.kind);
  switch (event.kind) {
    case EventKind::kDeliver: {
      const Message& message = network_.Peek(event.arg);
      trace_.Fold(now_, kind, message.to, (std::uint64_t{message.from} << 32) | message.type,
                  message.words[0]);
      network_.Deliver(event.arg);
      return;
    }
    case EventKind::kTimer: {
      trace_.Fold(now_, kind, event.target, event.arg, 0);
      const ProcessState& state = processes_[event.target];
      if (!state.up || event.epoch != static_cast<std::uint16_t>(state.incarnation)) return;
      state.process->OnTimer(event.arg);
      return;
    }
    case EventKind::kFaultBegin:
      trace_.Fold(now_, kind, static_cast<std::uint32_t>(event.arg), 0, 0);
      BeginFault(static_cast<std::uint32_t>(event.arg));
      return;
    case EventKind::kFaultEnd:
      trace_.Fold(now_, kind, static_cast<std::uint32_t>(event.arg), 0, 0);
      EndFault(static_cast<std::uint32_t>(event.arg));
      return;
  }
  SIM_UNREACHABLE("event kind {}", kind);
}

void Simulation::BeginFault(std::uint32_t index) {
  const FaultSpec& f = faults_[index];
  if (fault_states_[index] != FaultState::kPending) return;  // ended before it began
  fault_states_[index] = FaultState::kActive;
  switch (f.kind) {
    case FaultKind::kPartition:
      for (const ProcessId a : f.side_a) {
        for (const ProcessId b : f.side_b) network_.Cut(a, b);
      }
      break;
    case FaultKind::kCrash:
      Crash(f.target);
      break;
    case FaultKind::kSlow:
      SIM_ASSERT(f.latency_factor >= 1, "latency_factor={}", f.latency_factor);
      processes_[f.target].slow_factors.push_back(f.latency_factor);
      UpdateLatencyFactor(processes_[f.target]);
      break;
    case FaultKind::kStall:
      ++processes_[f.target].stalls;
      break;
    case FaultKind::kCustom:
      SIM_ASSERT(fault_listener_ != nullptr, "custom fault {} without a listener", index);
      fault_listener_->OnFaultBegin(index, f.custom_tag);
      break;
  }
  if (f.duration != kForever) {
    SIM_ASSERT(f.duration >= 0, "fault {} duration={}", index, f.duration);
    queue_.Push(now_ + f.duration, Event{EventKind::kFaultEnd, 0, 0, 0, index});
  }
}

void Simulation::EndFault(std::uint32_t index) {
  const FaultSpec& f = faults_[index];
  const FaultState state = fault_states_[index];
  fault_states_[index] = FaultState::kOver;
  if (state != FaultState::kActive) return;
  switch (f.kind) {
    case FaultKind::kPartition:
      for (const ProcessId a : f.side_a) {
        for (const ProcessId b : f.side_b) network_.Heal(a, b);
      }
      return;
    case FaultKind::kCrash:
      Restart(f.target);
      return;
    case FaultKind::kSlow: {
      std::vector<std::uint32_t>& factors = processes_[f.target].slow_factors;
      const auto found = std::find(factors.begin(), factors.end(), f.latency_factor);
      SIM_ASSERT(found != factors.end(), "slow fault {} ends but is not in force", index);
      factors.erase(found);
      UpdateLatencyFactor(processes_[f.target]);
      return;
    }
    case FaultKind::kStall:
      --processes_[f.target].stalls;
      return;
    case FaultKind::kCustom:
      fault_listener_->OnFaultEnd(index, f.custom_tag);
      return;
  }
  SIM_UNREACHABLE("fault kind {}", static_cast<int>(f.kind));
}

}  // namespace sim
