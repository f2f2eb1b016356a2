#include "model/witness.h"

#include <algorithm>
#include <bit>

namespace model {

Witness::Witness(const World& world, std::vector<const NodeStore*> stores)
    : world_(world), stores_(std::move(stores)) {}

bool Witness::Owns(NodeIndex node, std::uint32_t shard) const {
  return (world_.routes.AllOwners(shard) & Bit(node)) != 0;
}

void Witness::Hold(DocId doc, std::uint64_t write) {
  Doc& d = docs_[doc];
  if (write < d.superseded_below) return;
  const auto at = std::lower_bound(d.alive.begin(), d.alive.end(), write);
  if (at == d.alive.end() || *at != write) d.alive.insert(at, write);
}

// Destroys every alive put above the newest version an owner holds.
void Witness::Recheck(DocId doc, std::uint32_t shard) {
  const auto found = docs_.find(doc);
  if (found == docs_.end() || found->second.alive.empty()) return;
  // No document is added below, so the reference stays valid.
  std::uint64_t newest = 0;
  for (NodeMask rest = world_.routes.AllOwners(shard); rest != 0; rest &= rest - 1) {
    if (const Version* v = stores_[static_cast<NodeIndex>(std::countr_zero(rest))]->Get(doc)) {
      newest = std::max(newest, v->write);
    }
  }
  std::vector<std::uint64_t>& alive = found.value().alive;
  while (!alive.empty() && alive.back() > newest) {
    const std::uint64_t write = alive.back();
    alive.pop_back();
    if (counted_.size() <= write) counted_.resize(write + 1, false);
    if (counted_[write]) continue;
    counted_[write] = true;
    destroyed_.emplace_back(write, world_.sim.now());
  }
}

void Witness::Put(NodeIndex node, DocId doc, std::uint32_t shard, std::uint64_t write,
                  std::uint64_t before) {
  if (!Owns(node, shard)) return;
  Hold(doc, write);
  if (write < before) Recheck(doc, shard);  // it replaced a later version
}

void Witness::ClientDelete(NodeIndex node, DocId doc, std::uint32_t shard, std::uint64_t write) {
  Doc& d = docs_[doc];
  d.superseded_below = std::max(d.superseded_below, write);
  std::erase_if(d.alive, [&](std::uint64_t put) { return put < write; });
  if (Owns(node, shard)) Recheck(doc, shard);
}

void Witness::ShardDeleted(NodeIndex node, std::uint32_t shard) {
  if ((world_.routes.AllOwners(shard) & Bit(node)) == 0) return;
  for (const DocId doc : world_.keys.touched(shard)) Recheck(doc, shard);
}

void Witness::Rerouted(std::uint32_t shard) {
  const NodeMask owners = world_.routes.AllOwners(shard);
  for (const DocId doc : world_.keys.touched(shard)) {
    for (NodeMask rest = owners; rest != 0; rest &= rest - 1) {
      if (const Version* v = stores_[static_cast<NodeIndex>(std::countr_zero(rest))]->Get(doc)) {
        Hold(doc, v->write);
      }
    }
    Recheck(doc, shard);
  }
}

DestroyedCount CountDestroyed(const History& history, const Witness& witness) {
  DestroyedCount count;
  for (const Operation& op : history.ops) {
    count.acked_puts += op.kind == OpKind::kPut && op.outcome == Outcome::kAcked;
  }
  for (const auto& [write, at] : witness.destroyed()) {
    const Operation& op = history.ops[write - 1];
    count.destroyed += op.kind == OpKind::kPut && op.outcome == Outcome::kAcked;
  }
  if (count.acked_puts > 0) {
    count.rate = static_cast<double>(count.destroyed) / static_cast<double>(count.acked_puts);
  }
  return count;
}

}  // namespace model
