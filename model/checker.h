// model/checker.h
//
// The loss checker. It trusts nothing the coordinator says about itself: it
// reads the client history (every operation and the outcome the client saw)
// and the stores of the replicas that own each document under the routing
// in force, and counts, per model/README.md, "What counts as loss":
// - lost: the latest acknowledged put (by issue order) is readable on no
//   owner: gone, or only a version written strictly before it (a version
//   from a write that was concurrent with it, still unanswered when it was
//   issued, counts as readable: last-writer-wins may order those either way);
// - divergent: some owners have it, some do not;
// - resurrected: the latest acknowledged operation is a delete and an owner
//   still holds a version from before it;
// - loss rate = lost / documents with an acknowledged operation.
// Operations that failed or got no answer are never counted as lost; a doc
// whose latest acknowledged put is followed by an unacknowledged delete is
// not counted either way (the delete may have happened).
#pragma once

#include <cstdint>
#include <vector>

#include "model/change_feed.h"
#include "model/forensics.h"
#include "model/history.h"
#include "model/keyspace.h"
#include "model/store.h"
#include "model/world.h"

namespace model {

// A document lost (or resurrected) at a checkpoint, and its latest
// acknowledged operation.
struct LostDoc {
  DocId doc = 0;
  OpIndex acked = 0;
  bool resurrected = false;  // an acknowledged delete, and an owner holds an older write
  LossCause cause = LossCause::kUnexplained;  // at the end checkpoint (model/forensics.h)
};

struct CheckpointResult {
  bool reached = false;
  Time at = 0;
  std::uint64_t acked_docs = 0;
  std::uint64_t lost = 0;
  std::uint64_t divergent = 0;
  std::uint64_t resurrected = 0;
  double loss_rate = 0.0;
  std::vector<LostDoc> lost_docs;  // in operation order
};

// Reads only, draws nothing. stores[n]: node n's store. REQUIRES: a store for
// every owner in routes; every version in them was written by an op of history.
// Each of lost, divergent and resurrected is at most acked_docs (a doc counts once).
CheckpointResult CheckReplicas(const History& history, const Keyspace& keys,
                               const RouteTable& routes,
                               const std::vector<const NodeStore*>& stores, Time at);

struct CdcResult {
  std::uint64_t events = 0;      // published (the feed's count)
  std::uint64_t suppressed = 0;  // internal writes suppressed by origin (the feed's count)
  std::uint64_t missing = 0;     // acknowledged client operations without an event
  std::uint64_t duplicated = 0;  // client operations with more than one event
  std::uint64_t leaked = 0;      // events published for internal writes
  std::uint64_t anomalies = 0;   // the three together
};
// Reads what the feed published. Preload operations are skipped. An event
// for a write the client saw fail or never heard of is no anomaly: the
// primary applied it, so the change happened.
CdcResult CheckCdc(const History& history, const ChangeFeed& feed);

}  // namespace model
