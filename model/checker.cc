#include "model/checker.h"

#include <bit>

#include "sim/check.h"

namespace model {

CheckpointResult CheckReplicas(const History& history, const Keyspace& keys,
                               const RouteTable& routes,
                               const std::vector<const NodeStore*>& stores, Time at) {
  // Per document with an operation: its latest acknowledged one, and whether
  // an unacknowledged delete came after it (the top bit). Indexed by the
  // document's place: its shard's first index plus its slot.
  constexpr std::uint64_t kNone = UINT64_MAX >> 1;
  constexpr std::uint64_t kUnackedDeleteAfter = std::uint64_t{1} << 63;
  std::vector<std::uint64_t> first(keys.shards());
  std::uint64_t touched = 0;
  for (std::uint32_t shard = 0; shard < keys.shards(); ++shard) {
    first[shard] = touched;
    touched += keys.touched(shard).size();
  }
  std::vector<std::uint64_t> latest(touched, kNone);
  const auto index = [&](Place place) { return first[place.shard] + place.slot; };
  for (OpIndex op = 0; op < history.ops.size(); ++op) {
    const Operation& o = history.ops[op];
    std::uint64_t& entry = latest[index(keys.Locate(o.doc))];
    if (o.outcome == Outcome::kAcked) {
      entry = op;
    } else if (o.kind == OpKind::kDelete) {
      entry |= kUnackedDeleteAfter;
    }
  }
  CheckpointResult result;
  result.reached = true;
  result.at = at;
  // Each document at its latest acknowledged operation, in operation order:
  // the operations are read in order, the places mostly so (the order of
  // the counts does not matter).
  for (OpIndex acked = 0; acked < history.ops.size(); ++acked) {
    if (history.ops[acked].outcome != Outcome::kAcked) continue;
    const Place place = keys.Locate(history.ops[acked].doc);
    const std::uint64_t entry = latest[index(place)];
    if ((entry & ~kUnackedDeleteAfter) != acked) continue;
    const bool unacked_delete_after = (entry & kUnackedDeleteAfter) != 0;
    ++result.acked_docs;
    const std::uint64_t write = WriteId(acked);
    const Time issued = history.ops[acked].issued_at;
    const NodeMask owners = routes.AllOwners(place.shard);
    std::uint32_t holders = 0;  // hold the acked version, a later one or a concurrent one
    std::uint32_t stale = 0;    // hold a version written strictly before it
    for (NodeMask rest = owners; rest != 0; rest &= rest - 1) {
      const Version* v = stores[static_cast<NodeIndex>(std::countr_zero(rest))]->Get(place);
      if (v == nullptr) continue;
      // A write still unanswered when the acked one was issued is concurrent
      // with it: either may be the last, as last-writer-wins decides.
      const bool current = v->write >= write || history.ops[v->write - 1].answered_at > issued;
      (current ? holders : stale) += 1;
    }
    if (history.ops[acked].kind == OpKind::kDelete) {
      if (stale > 0) {
        ++result.resurrected;
        result.lost_docs.push_back(LostDoc{history.ops[acked].doc, acked, true});
      }
      continue;
    }
    if (unacked_delete_after) continue;
    if (holders == 0) {
      ++result.lost;
      result.lost_docs.push_back(LostDoc{history.ops[acked].doc, acked, false});
    } else if (holders < static_cast<std::uint32_t>(std::popcount(owners))) {
      ++result.divergent;
    }
  }
  // Each doc with an acknowledged op adds one to acked_docs and at most one to
  // lost, divergent or resurrected.
  SIM_ASSERT(result.lost <= result.acked_docs, "lost={} acked_docs={}", result.lost,
             result.acked_docs);
  SIM_ASSERT(result.divergent <= result.acked_docs, "divergent={} acked_docs={}", result.divergent,
             result.acked_docs);
  SIM_ASSERT(result.resurrected <= result.acked_docs, "resurrected={} acked_docs={}",
             result.resurrected, result.acked_docs);
  result.loss_rate = result.acked_docs == 0 ? 0.0
                                            : static_cast<double>(result.lost) /
                                                  static_cast<double>(result.acked_docs);
  return result;
}

CdcResult CheckCdc(const History& history, const ChangeFeed& feed) {
  CdcResult result;
  result.events = feed.published();
  result.suppressed = feed.suppressed();
  result.leaked = feed.leaked();
  for (OpIndex op = 0; op < history.ops.size(); ++op) {
    const Operation& o = history.ops[op];
    if (o.preload) continue;
    const std::uint8_t seen = feed.events(op);
    result.missing += o.outcome == Outcome::kAcked && seen == 0;
    result.duplicated += seen > 1;
  }
  result.anomalies = result.missing + result.duplicated + result.leaked;
  return result;
}

}  // namespace model
