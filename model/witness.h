// model/witness.h
//
// The white-box verdict (model/README.md, "What counts as loss"). The
// simulator sees every store change, so it can tell when a put was
// destroyed: once held by a replica that owned its document, it is
// destroyed at the first moment no replica that the routing in force names
// as an owner holds it or a version written after it (issue order). A client
// delete issued after it and applied anywhere supersedes it: it can no
// longer be destroyed. A put is counted once, however often it is destroyed.
//
// Cost: a store change of an owner costs a lookup of its document; a
// routing switch of a shard costs a pass over the shard's documents. Memory
// grows with the documents touched and the puts held, not with the key space.
#pragma once

#include <boost/container/small_vector.hpp>

#include <tsl/robin_map.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "model/history.h"
#include "model/store.h"
#include "model/world.h"

namespace model {

class Witness {
 public:
  // stores[n]: node n's store. REQUIRES: a store for every node the routes name.
  Witness(const World& world, std::vector<const NodeStore*> stores);

  // Node `node` now holds `write` of `doc` (a client put, a copy or a
  // repair) where it held `before` (0: nothing).
  // `shard` is the document's.
  void Put(NodeIndex node, DocId doc, std::uint32_t shard, std::uint64_t write,
           std::uint64_t before);
  // Node `node` applied the client delete `write` of `doc`, of `shard`.
  void ClientDelete(NodeIndex node, DocId doc, std::uint32_t shard, std::uint64_t write);
  // Node `node` deleted every document of `shard` (cleanup).
  void ShardDeleted(NodeIndex node, std::uint32_t shard);
  // The owners of `shard` changed.
  void Rerouted(std::uint32_t shard);

  // Puts destroyed so far, each with the moment it was first destroyed.
  const std::vector<std::pair<std::uint64_t, Time>>& destroyed() const { return destroyed_; }

  // A stretch of time in which no owner held a document's `write` or a later
  // one: from its destruction until an owner held one again (a repair, a
  // copy, a later write), a client delete superseded it, or never (until is
  // kTimeMax).
  struct Gap {
    DocId doc;
    std::uint64_t write;
    Time since;
    Time until = sim::kTimeMax;
  };
  const std::vector<Gap>& gaps() const { return gaps_; }

 private:
  struct Doc {
    std::uint64_t superseded_below = 0;  // a client delete with this id was applied
    // Held puts not destroyed, ascending. Most documents hold one: inline,
    // it costs no allocation.
    boost::container::small_vector<std::uint64_t, 1> alive;
  };
  bool Owns(NodeIndex node, std::uint32_t shard) const;
  // The document's entry, made if absent.
  Doc& Entry(Place place);
  void Hold(Place place, std::uint64_t write);
  void Recheck(Place place);

  const World& world_;
  std::vector<const NodeStore*> stores_;
  std::vector<std::vector<Doc>> docs_;  // by shard, then slot (Keyspace::Locate)
  std::vector<std::pair<std::uint64_t, Time>> destroyed_;  // write id, when
  std::vector<bool> counted_;                              // by write id: in destroyed_
  // Whether an owner holding `held` leaves `write` readable to the client:
  // the same or a later write, or one still unanswered when `write` was
  // issued (either may be the last, as the checker allows: ambiguity 16).
  bool Covers(std::uint64_t held, std::uint64_t write) const;
  // Closes the document's open gap if `write` (now held by an owner, or a
  // delete applied) covers it.
  void MaybeCloseGap(DocId doc, std::uint64_t write);
  std::vector<Gap> gaps_;
  tsl::robin_map<DocId, std::size_t, DocIdHash> open_gaps_;  // doc -> index in gaps_
};

// Documents unreadable at some moment after an acknowledged write
// (model/README.md, "What counts as loss"): a gap counts from the later of
// the put's destruction and its acknowledgement.
struct Exposure {
  std::uint64_t docs = 0;       // documents with at least one such gap
  std::uint64_t temporary = 0;  // of them, readable again by the end
  std::uint64_t permanent = 0;  // of them, still unreadable at the end
  double missing_doc_seconds = 0;  // the gaps' total length, open ones to the end
  double longest_gap_s = 0;
};
// One gap of an acknowledged put, as Exposure counts it (until: kTimeMax if
// open at the end).
struct ExposureGap {
  DocId doc;
  std::uint64_t write;
  Time from;
  Time until;
};
// `gaps`, if given, receives every gap counted.
Exposure MeasureExposure(const History& history, const Witness& witness, Time end,
                         std::vector<ExposureGap>* gaps = nullptr);

// Acknowledged puts (preload included) and how many of them were destroyed.
struct DestroyedCount {
  std::uint64_t acked_puts = 0;
  std::uint64_t destroyed = 0;
  double rate = 0.0;  // destroyed / acked_puts; 0 without acknowledged puts
};
DestroyedCount CountDestroyed(const History& history, const Witness& witness);

}  // namespace model
