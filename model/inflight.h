// model/inflight.h
//
// The coordinator's in-flight tracking (model/README.md, "The coordinator",
// rule 7), one list shared by every migration, as in the original. A tracked
// write is one document sent to a set of nodes; each node's outcome is
// recorded by document id on every tracked write with that id (the original
// matches acks by id alone). It is settled when every target has an outcome.
// Memory only: a crash loses it.
//
// Acks arrive by document id, so an index maps an id to its newest tracked
// write and each write links to the previous one with the same id: an ack
// costs the writes of that document, never a scan of the list.
#pragma once

#include <bit>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model/config.h"
#include "model/keyspace.h"

namespace model {

using NodeIndex = std::uint32_t;
using NodeMask = std::uint64_t;  // bit i: node i; nodes_max is 64
inline constexpr NodeMask Bit(NodeIndex node) {
  return NodeMask{1} << node;
}

struct TrackedWrite {
  DocId doc;
  std::uint32_t shard;
  NodeMask targets;
  NodeMask completed = 0;
  NodeMask failed = 0;
  std::uint32_t previous_same_doc;  // index of the older tracked write of this doc, or kNone
};

class InFlight {
 public:
  static constexpr std::uint32_t kNone = UINT32_MAX;

  explicit InFlight(DrainSettle rule) : rule_(rule) {}

  // Under the rule in force: settled, and short of outcomes (what a drain
  // timeout reports as pending; under kPerTarget, the same as !settled).
  bool Settled(const TrackedWrite& write) const;
  bool Short(const TrackedWrite& write) const;

  // Tracks a new, unsettled write; it becomes the newest of its doc.
  // REQUIRES: targets != 0 (else it could never settle); size() < kNone.
  void Register(DocId doc, std::uint32_t shard, NodeMask targets);
  // Records the node's outcome on every tracked write of doc, newest first; a
  // doc with none is ignored. Only a target's outcome counts toward settling.
  void Ack(DocId doc, NodeIndex node) { Record(doc, node, true); }
  void Fail(DocId doc, NodeIndex node) { Record(doc, node, false); }

  // Every tracked write settled: what a drain waits for.
  bool IsDrained() const { return unsettled_ == 0; }
  // The writes short of outcomes: the count a drain timeout reports.
  std::uint32_t CountPending() const { return short_; }
  // Every tracked write, settled or not, in registration order.
  std::size_t size() const { return writes_.size(); }
  const std::vector<TrackedWrite>& writes() const { return writes_; }

  // Drops every tracked write whose shard is marked in `shards`; the rest keep
  // their order and outcomes. REQUIRES: shards.size() > every tracked shard.
  void Drop(const std::vector<bool>& shards);
  // Forgets every tracked write; the orchestrator calls it when it crashes.
  void Clear();

 private:
  void Record(DocId doc, NodeIndex node, bool ok);
  void Count(const TrackedWrite& write, int delta);

  DrainSettle rule_;
  std::vector<TrackedWrite> writes_;
  std::unordered_map<DocId, std::uint32_t> newest_;  // lookups only; never iterated
  std::uint32_t unsettled_ = 0;
  std::uint32_t short_ = 0;
};

}  // namespace model
