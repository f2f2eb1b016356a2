#include "sim/network.h"

#include <cmath>

#include "sim/check.h"

namespace sim {
namespace {

// The longest a message may take: a century, so that `now + latency` stays
// inside the clock for any run the loader accepts.
constexpr Time kLatencyMax = 100 * 365 * 24 * kHour;

Time ToTime(double nanos) {
  if (!(nanos > 0.0)) return 0;
  if (nanos >= 9.0e18) return static_cast<Time>(9.0e18);
  return static_cast<Time>(std::llround(nanos));
}

}  // namespace

Time LatencyModel::Sample(RngStream& stream) const {
  switch (kind) {
    case Kind::kFixed:
      return a;
    case Kind::kUniform:
      return a == b ? a : ToTime(stream.Uniform(static_cast<double>(a), static_cast<double>(b)));
    case Kind::kExponential:
      return ToTime(stream.Exponential(static_cast<double>(a)));
    case Kind::kLogNormal:
      return ToTime(stream.LogNormal(static_cast<double>(a), static_cast<double>(b)));
  }
  SIM_UNREACHABLE("latency kind {}", static_cast<int>(kind));
}

Network::Network(const NetworkConfig& config, std::uint64_t seed,
                 std::vector<ProcessState>& processes, EventQueue& queue)
    : config_(config),
      latency_stream_(seed, "net.latency"),
      drop_stream_(seed, "net.drop"),
      processes_(processes),
      queue_(queue) {
  SIM_ASSERT(config.messages_max > 0, "messages_max={}", config.messages_max);
  // Reserved, not filled: memory is touched only by the slots a run uses.
  slots_.reserve(config.messages_max);
  free_.reserve(config.messages_max);
}

void Network::Resize(std::size_t process_count) {
  SIM_ASSERT(stats_.sent == 0, "processes added after the first message");
  count_ = process_count;
  cuts_.assign(count_ * count_, 0);
}

void Network::Send(Time now, Message message) {
  SIM_ASSERT(message.from < count_, "from={} count={}", message.from, count_);
  SIM_ASSERT(message.to < count_, "to={} count={}", message.to, count_);
  ++stats_.sent;
  const ProcessState& sender = processes_[message.from];
  if (sender.stalls > 0) {
    ++stats_.stalled;
    return;
  }
  if (IsCut(message.from, message.to)) {
    ++stats_.cut;
    return;
  }
  if (config_.drop_probability > 0.0 && drop_stream_.Bernoulli(config_.drop_probability)) {
    ++stats_.dropped;
    return;
  }
  const ProcessState& target = processes_[message.to];
  const Time factor = static_cast<Time>(sender.latency_factor) * target.latency_factor;
  // Saturated: a delay past a century is as good as never, and `now + latency`
  // must stay inside the clock.
  Time latency = 0;
  if (__builtin_mul_overflow(config_.latency.Sample(latency_stream_), Time{factor}, &latency) ||
      latency > kLatencyMax) {
    latency = kLatencyMax;
  }
  message.incarnation = target.incarnation;
  std::uint32_t slot;
  if (!free_.empty()) {  // the last released slot first, else a fresh one
    slot = free_.back();
    free_.pop_back();
    slots_[slot] = message;
  } else {
    SIM_ASSERT(slots_.size() < config_.messages_max, "messages in flight exceed messages_max={}",
               config_.messages_max);
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(message);
  }
  ++in_flight_;
  queue_.Push(now + latency, Event{EventKind::kDeliver, 0, 0, message.to, slot});
}

void Network::Deliver(std::uint64_t slot) {
  SIM_ASSERT(slot < slots_.size(), "slot={}", slot);
  // Copied out and freed first: OnMessage may send, and reuse the slot.
  const Message message = slots_[slot];
  free_.push_back(static_cast<std::uint32_t>(slot));
  --in_flight_;
  ProcessState& target = processes_[message.to];
  if (IsCut(message.from, message.to)) {
    ++stats_.cut;
  } else if (!target.up || target.incarnation != message.incarnation) {
    ++stats_.target_down;
  } else {
    ++stats_.delivered;
    target.process->OnMessage(message);
  }
}

void Network::Cut(ProcessId a, ProcessId b) {
  SIM_ASSERT(a != b, "partition of {} from itself", a);
  SIM_ASSERT(cuts_[a * count_ + b] < UINT16_MAX, "too many overlapping partitions");
  ++cuts_[a * count_ + b];
  ++cuts_[b * count_ + a];
}

void Network::Heal(ProcessId a, ProcessId b) {
  SIM_ASSERT(cuts_[a * count_ + b] > 0, "heal without a cut: {} {}", a, b);
  --cuts_[a * count_ + b];
  --cuts_[b * count_ + a];
}

}  // namespace sim
