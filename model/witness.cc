#include "model/witness.h"

#include <algorithm>
#include <bit>

#include "model/forensics.h"

namespace model {

Witness::Witness(const World& world, std::vector<const NodeStore*> stores)
    : world_(world), stores_(std::move(stores)), docs_(world.keys.shards()) {}

bool Witness::Owns(NodeIndex node, std::uint32_t shard) const {
  return (world_.routes.AllOwners(shard) & Bit(node)) != 0;
}

Witness::Doc& Witness::Entry(Place place) {
  std::vector<Doc>& shard = docs_[place.shard];
  if (place.slot >= shard.size()) shard.resize(world_.keys.touched(place.shard).size());
  return shard[place.slot];
}

void Witness::Hold(Place place, std::uint64_t write) {
  Doc& d = Entry(place);
  if (write < d.superseded_below) return;
  const auto at = std::lower_bound(d.alive.begin(), d.alive.end(), write);
  if (at == d.alive.end() || *at != write) d.alive.insert(at, write);
}

// Destroys every alive put above the newest version an owner holds.
void Witness::Recheck(Place place) {
  std::vector<Doc>& shard = docs_[place.shard];
  if (place.slot >= shard.size() || shard[place.slot].alive.empty()) return;
  std::uint64_t newest = 0;
  for (NodeMask rest = world_.routes.AllOwners(place.shard); rest != 0; rest &= rest - 1) {
    if (const Version* v = stores_[static_cast<NodeIndex>(std::countr_zero(rest))]->Get(place)) {
      newest = std::max(newest, v->write);
    }
  }
  auto& alive = shard[place.slot].alive;
  while (!alive.empty() && alive.back() > newest) {
    const std::uint64_t write = alive.back();
    alive.pop_back();
    if (counted_.size() <= write) counted_.resize(write + 1, false);
    if (counted_[write]) continue;
    counted_[write] = true;
    destroyed_.emplace_back(write, world_.sim.now());
    if (world_.forensics != nullptr) {
      world_.forensics->Add(world_.history.ops[write - 1].doc,
                            Step{.at = world_.sim.now(), .kind = StepKind::kDestroyed,
                                 .write = write});
    }
  }
}

void Witness::Put(NodeIndex node, DocId doc, std::uint32_t shard, std::uint64_t write,
                  std::uint64_t before) {
  if (!Owns(node, shard)) return;
  const Place place = world_.keys.Locate(doc);
  Hold(place, write);
  if (write < before) Recheck(place);  // it replaced a later version
}

void Witness::ClientDelete(NodeIndex node, DocId doc, std::uint32_t shard, std::uint64_t write) {
  const Place place = world_.keys.Locate(doc);
  Doc& d = Entry(place);
  d.superseded_below = std::max(d.superseded_below, write);
  // Ascending: the puts below the delete are a prefix.
  d.alive.erase(d.alive.begin(), std::lower_bound(d.alive.begin(), d.alive.end(), write));
  if (Owns(node, shard)) Recheck(place);
}

void Witness::ShardDeleted(NodeIndex node, std::uint32_t shard) {
  if ((world_.routes.AllOwners(shard) & Bit(node)) == 0) return;
  const std::uint32_t docs = static_cast<std::uint32_t>(world_.keys.touched(shard).size());
  for (std::uint32_t slot = 0; slot < docs; ++slot) Recheck(Place{shard, slot});
}

void Witness::Rerouted(std::uint32_t shard) {
  const NodeMask owners = world_.routes.AllOwners(shard);
  if (world_.forensics != nullptr) {
    world_.forensics->ForShard(shard, world_.keys, [&](DocStory& story) {
      story.steps.push_back(
          Step{.at = world_.sim.now(), .kind = StepKind::kRerouted, .nodes = owners});
    });
  }
  const std::uint32_t docs = static_cast<std::uint32_t>(world_.keys.touched(shard).size());
  for (std::uint32_t slot = 0; slot < docs; ++slot) {
    const Place place{shard, slot};
    for (NodeMask rest = owners; rest != 0; rest &= rest - 1) {
      if (const Version* v = stores_[static_cast<NodeIndex>(std::countr_zero(rest))]->Get(place)) {
        Hold(place, v->write);
      }
    }
    Recheck(place);
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
