#include "model/inflight.h"

#include "sim/check.h"

namespace model {

void InFlight::Register(DocId doc, std::uint32_t shard, NodeMask targets) {
  SIM_ASSERT(targets != 0, "tracked write of doc {} without targets", doc);
  SIM_ASSERT(writes_.size() < kNone, "tracked writes overflow");
  const auto index = static_cast<std::uint32_t>(writes_.size());
  auto [it, inserted] = newest_.try_emplace(doc, index);
  const std::uint32_t previous = inserted ? kNone : it->second;
  it->second = index;
  writes_.push_back(TrackedWrite{doc, shard, targets, 0, 0, previous});
  ++unsettled_;
}

void InFlight::Record(DocId doc, NodeIndex node, bool ok) {
  const auto it = newest_.find(doc);
  if (it == newest_.end()) return;
  for (std::uint32_t i = it->second; i != kNone; i = writes_[i].previous_same_doc) {
    TrackedWrite& w = writes_[i];
    const bool was_settled = w.settled();
    (ok ? w.completed : w.failed) |= Bit(node);
    if (!was_settled && w.settled()) {
      SIM_ASSERT(unsettled_ > 0, "unsettled count underflow");
      --unsettled_;
    }
  }
}

void InFlight::Drop(const std::vector<bool>& shards) {
  std::vector<TrackedWrite> kept;
  kept.reserve(writes_.size());
  for (const TrackedWrite& w : writes_) {
    if (!shards[w.shard]) kept.push_back(w);
  }
  writes_.clear();
  newest_.clear();
  unsettled_ = 0;
  for (const TrackedWrite& w : kept) {
    Register(w.doc, w.shard, w.targets);
    writes_.back().completed = w.completed;
    writes_.back().failed = w.failed;
    if (w.settled()) --unsettled_;
  }
}

void InFlight::Clear() {
  writes_.clear();
  newest_.clear();
  unsettled_ = 0;
}

}  // namespace model
