#include "model/inflight.h"

#include "sim/check.h"

namespace model {

bool InFlight::Settled(const TrackedWrite& w) const {
  if (rule_ == DrainSettle::kPerTarget) return ((w.completed | w.failed) & w.targets) == w.targets;
  return std::popcount(w.completed) + std::popcount(w.failed) == std::popcount(w.targets);
}

bool InFlight::Short(const TrackedWrite& w) const {
  if (rule_ == DrainSettle::kPerTarget) return !Settled(w);
  return std::popcount(w.completed) + std::popcount(w.failed) < std::popcount(w.targets);
}

// Adds (delta 1) or removes (-1) a write's share of the two counters.
void InFlight::Count(const TrackedWrite& w, int delta) {
  if (!Settled(w)) {
    SIM_ASSERT(delta > 0 || unsettled_ > 0, "unsettled count underflow");
    unsettled_ += static_cast<std::uint32_t>(delta);
  }
  if (Short(w)) {
    SIM_ASSERT(delta > 0 || short_ > 0, "short count underflow");
    short_ += static_cast<std::uint32_t>(delta);
  }
}

void InFlight::Register(DocId doc, std::uint32_t shard, NodeMask targets) {
  SIM_ASSERT(targets != 0, "tracked write of doc {} without targets", doc);
  SIM_ASSERT(writes_.size() < kNone, "tracked writes overflow");
  const auto index = static_cast<std::uint32_t>(writes_.size());
  auto [it, inserted] = newest_.try_emplace(doc, index);
  const std::uint32_t previous = inserted ? kNone : it->second;
  it->second = index;
  writes_.push_back(TrackedWrite{doc, shard, targets, 0, 0, previous});
  Count(writes_.back(), 1);
}

void InFlight::Record(DocId doc, NodeIndex node, bool ok) {
  const auto it = newest_.find(doc);
  if (it == newest_.end()) return;
  for (std::uint32_t i = it->second; i != kNone; i = writes_[i].previous_same_doc) {
    TrackedWrite& w = writes_[i];
    NodeMask& outcomes = ok ? w.completed : w.failed;
    if ((outcomes & Bit(node)) != 0) continue;  // a repeated outcome changes nothing
    Count(w, -1);
    outcomes |= Bit(node);
    Count(w, 1);
  }
}

void InFlight::Drop(const std::vector<bool>& shards) {
  std::vector<TrackedWrite> kept;
  kept.reserve(writes_.size());
  for (const TrackedWrite& w : writes_) {
    if (!shards[w.shard]) kept.push_back(w);
  }
  Clear();
  for (const TrackedWrite& w : kept) {
    Register(w.doc, w.shard, w.targets);
    TrackedWrite& copy = writes_.back();
    Count(copy, -1);
    copy.completed = w.completed;
    copy.failed = w.failed;
    Count(copy, 1);
  }
}

void InFlight::Clear() {
  writes_.clear();
  newest_.clear();
  unsettled_ = 0;
  short_ = 0;
}

}  // namespace model
