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
  const DocId doc = world_.keys.touched(place.shard)[place.slot];
  if (!open_gaps_.empty()) MaybeCloseGap(doc, newest);
  if (!alive.empty() && !Covers(newest, alive.back()) && !open_gaps_.contains(doc)) {
    open_gaps_.emplace(doc, gaps_.size());
    gaps_.push_back(Gap{doc, alive.back(), world_.sim.now()});
  }
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
  if (!open_gaps_.empty()) MaybeCloseGap(doc, write);
  if (write < before) Recheck(place);  // it replaced a later version
}

void Witness::ClientDelete(NodeIndex node, DocId doc, std::uint32_t shard, std::uint64_t write) {
  const Place place = world_.keys.Locate(doc);
  Doc& d = Entry(place);
  d.superseded_below = std::max(d.superseded_below, write);
  if (!open_gaps_.empty()) MaybeCloseGap(doc, write);
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
    world_.forensics->AddShard(
        shard, world_.keys, Step{.at = world_.sim.now(), .kind = StepKind::kRerouted, .nodes = owners});
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

bool Witness::Covers(std::uint64_t held, std::uint64_t write) const {
  const std::vector<Operation>& ops = world_.history.ops;
  return held >= write || (held != 0 && ops[held - 1].answered_at > ops[write - 1].issued_at);
}

void Witness::MaybeCloseGap(DocId doc, std::uint64_t write) {
  const auto open = open_gaps_.find(doc);
  if (open == open_gaps_.end() || !Covers(write, gaps_[open->second].write)) return;
  gaps_[open->second].until = world_.sim.now();
  open_gaps_.erase(open);
}

Exposure MeasureExposure(const History& history, const Witness& witness, Time end,
                         std::vector<ExposureGap>* gaps) {
  Exposure exposure;
  tsl::robin_map<DocId, bool, DocIdHash> open_at_end;  // doc -> a gap reaches the end
  for (const Witness::Gap& gap : witness.gaps()) {
    const Operation& op = history.ops[gap.write - 1];
    if (op.kind != OpKind::kPut || op.outcome != Outcome::kAcked) continue;
    const Time from = std::max(gap.since, op.answered_at);
    const Time until = std::min(gap.until, end);
    if (until <= from) continue;  // readable again before the client heard the ack
    if (gaps != nullptr) gaps->push_back(ExposureGap{gap.doc, gap.write, from, gap.until});
    const double seconds = static_cast<double>(until - from) / sim::kSecond;
    exposure.missing_doc_seconds += seconds;
    exposure.longest_gap_s = std::max(exposure.longest_gap_s, seconds);
    bool& open = open_at_end[gap.doc];
    open = open || gap.until == sim::kTimeMax;
  }
  for (const auto& [doc, open] : open_at_end) (open ? exposure.permanent : exposure.temporary) += 1;
  exposure.docs = exposure.temporary + exposure.permanent;
  return exposure;
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
