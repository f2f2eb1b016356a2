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

#include "model/history.h"
#include "model/keyspace.h"
#include "model/store.h"
#include "model/world.h"

namespace model {

struct CheckpointResult {
  bool reached = false;
  Time at = 0;
  std::uint64_t acked_docs = 0;
  std::uint64_t lost = 0;
  std::uint64_t divergent = 0;
  std::uint64_t resurrected = 0;
  double loss_rate = 0.0;
};

// Reads only, draws nothing. stores[n]: node n's store. REQUIRES: a store for
// every owner in routes; every version in them was written by an op of history.
// Each of lost, divergent and resurrected is at most acked_docs (a doc counts once).
CheckpointResult CheckReplicas(const History& history, const Keyspace& keys,
                               const RouteTable& routes,
                               const std::vector<const NodeStore*>& stores, Time at);

struct CdcResult {
  std::uint64_t anomalies =
      0;  // acknowledged client ops without exactly one event, or events for others
};
// events[op]: change events published for op; missing entries count as none.
// Preload operations are skipped.
CdcResult CheckCdc(const History& history, const std::vector<std::uint8_t>& events);

}  // namespace model
