// model/cause_tracker.h
//
// The cause of every loss of a run, counted in every run without a second
// run and without keeping any story. Each write has a Reading
// (model/forensics.h), the one a kept story is read with, and it hears the
// steps that concern it as they happen; at the end checkpoint the lost
// documents' latest acknowledged writes give their causes.
//
// The cost follows the writes, in the order they are made: a step names its
// write (the operation sent, answered, applied, replaced by an older one,
// deleted, read by a copy page, destroyed), so it finds the reading by
// operation index, never by a lookup of its document. A newer write moving
// a write off a node, the common case, is not heard: it changes only who
// holds the write, which the stores tell where a cause asks it. A step of a whole shard (a drain's
// end, an anti-entropy pass) or of the whole run (the orchestrator's crash) goes only to the
// readings it can change: those tracked in flight, those destroyed. Copy reads are counted; a
// document keeps the count at its last one and a write the count at its send, which at the end say
// whether a copy page read the document after the write was sent.
#pragma once

#include <tsl/robin_map.h>

#include <cstdint>
#include <vector>

#include "model/forensics.h"
#include "model/history.h"
#include "model/store.h"

namespace model {

class CauseTracker {
 public:
  explicit CauseTracker(const History& history) : history_(history) {}
  // The nodes' stores, by NodeIndex: who holds a write when it matters.
  void set_stores(std::vector<const NodeStore*> stores) { stores_ = std::move(stores); }

  void OnStep(DocId doc, const Step& step);
  // A step of every document of the shard (kDrained, kAntiEntropy, kRerouted).
  void OnShard(std::uint32_t shard, const Step& step);
  // A step of every document (the orchestrator's crash).
  void OnAll(const Step& step);
  // The cause of a document lost (or resurrected) at the end checkpoint, given
  // the checkpoint's steps of it (what each end owner holds).
  LossCause Cause(DocId doc, OpIndex acked, bool resurrected,
                  const std::vector<Step>& checkpoint) const;

 private:
  // A Reading, and in its tail padding the count of copy reads at the send.
  struct Write : Reading {
    std::uint32_t sent_after = 0;  // copy reads before its send, + 1 (0: never sent)
  };

 public:
  // What the tracker keeps per operation (model/run_size.cc counts it).
  static constexpr std::size_t kBytesPerOperation = sizeof(Write);

 private:
  // The write's (id) record. REQUIRES: write names an operation.
  Write& Of(std::uint64_t write);
  void Take(std::uint64_t write, const Step& step) {
    if (write != 0) Of(write).Take(write - 1, step);
  }
  // Takes the step into the readings of the list's writes, and empties it.
  void Sweep(std::vector<OpIndex>& ops, const Step& step);

  const History& history_;
  std::vector<const NodeStore*> stores_;
  std::uint32_t copy_reads_ = 0;
  std::vector<Write> writes_;                    // by operation
  std::vector<std::vector<OpIndex>> tracked_;    // by shard: sent tracked in flight, not drained
  std::vector<std::vector<OpIndex>> destroyed_;  // by shard: destroyed writes
  // Per document copied: copy_reads_ just after its last copy read.
  tsl::robin_map<DocId, std::uint32_t, DocIdHash> copy_read_at_;
};

}  // namespace model
