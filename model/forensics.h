// model/forensics.h
//
// The story of chosen documents, step by step, for `cutover-sim explain`:
// each client operation on them (where the router sent it, each node's
// answer, the outcome), each change of a node's copy (a client write, a copy
// page, the delta pass, an anti-entropy repair, a cleanup delete), the
// in-flight tracking, the delta pass's candidates, each switch of the
// shard's owners, and what the owners hold at each checkpoint. The run
// records only when a Forensics is attached (World::forensics) and only for
// the documents it watches; recording draws nothing and schedules nothing,
// so the run and its trace hash are those of a run without it.
//
// Cause() turns a story into one cause of a fixed list (model/README.md,
// "Why a write was lost"), from what the story shows, never from a counter.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/history.h"
#include "model/keyspace.h"
#include "model/messages.h"
#include "sim/time.h"
#include "sim/trace.h"

namespace model {

using NodeIndex = std::uint32_t;
using NodeMask = std::uint64_t;

enum class StepKind : std::uint8_t {
  kSent,             // op: sent to `nodes` (owners in `owners`); `flag`: tracked in flight
  kHeld,             // op: held at the router during a cutover
  kRejected,         // op: rejected at the router during a cutover
  kAnswer,           // op, node: `flag` ok, else failed (an error reply or, with timed_out, none)
  kOutcome,          // op: the client's answer, `value` an Outcome
  kApplied,          // node took `write` (was `before`) from `origin`; flag: by the delta pass
  kNotApplied,       // node refused `write` (it holds `before`, a newer stamp)
  kDeleted,          // node deleted its copy (`before`): by a client delete (`write`) or cleanup
  kCopyRead,         // a copy page (flag: of the delta pass) read `write` from `node`
  kDeltaCandidate,   // the drain named the document a delta candidate
  kDrained,          // the drain of the document's shard completed: its tracking is done
  kTrackingCleared,  // the orchestrator crashed while the document's write was tracked
  kRerouted,         // the shard's owners became `nodes`
  kDestroyed,        // the witness: `write` is on no owner any more
  kAntiEntropy,      // anti-entropy compared the shard's replicas
  kCheckpoint,       // node `node` holds `write` (0: nothing) at a checkpoint; value 0 cutover, 1 end
};

struct Step {
  Time at = 0;
  StepKind kind = StepKind::kSent;
  Origin origin = Origin::kClient;
  bool flag = false;
  bool timed_out = false;
  NodeIndex node = 0;
  OpIndex op = 0;
  std::uint64_t write = 0;
  std::uint64_t before = 0;
  std::uint64_t value = 0;
  NodeMask nodes = 0;
  NodeMask owners = 0;

  // A kAnswer that was an error reply (not ok, not a timeout).
  bool ErrorReply() const { return kind == StepKind::kAnswer && !flag && !timed_out; }
};

struct DocStory {
  DocId doc = 0;
  std::uint32_t shard = 0;
  std::vector<Step> steps;
};

// Where a streamed story goes (the event log): every step of every
// document as it happens, and every record the run folds into its trace.
class EventSink : public sim::TraceObserver {
 public:
  static constexpr DocId kNoDoc = UINT64_MAX;  // a step of no one document (a crash)
  virtual void OnStep(DocId doc, const Step& step) = 0;
};

class CauseTracker;

class Forensics {
 public:
  // Keeps the stories of `docs` (none: keeps no story), streams every step of
  // every document to `sink` and to `causes` when given. REQUIRES: docs has
  // no duplicates.
  Forensics(std::vector<DocId> docs, EventSink* sink, CauseTracker* causes);

  // The story of doc, or nullptr when it is not kept.
  DocStory* Story(DocId doc);
  std::vector<DocStory>& stories() { return stories_; }
  std::vector<DocStory> Take() { return std::move(stories_); }

  // Every document of the shard whose steps are heard: every one it has when
  // streaming, else the watched ones.
  template <typename Visit>
  void ForShard(std::uint32_t shard, const Keyspace& keys, Visit&& visit) {
    if (streaming()) {
      for (const DocId doc : keys.touched(shard)) visit(doc);
      return;
    }
    for (DocStory& story : stories_) {
      if (keys.shard(story.doc) == shard) visit(story.doc);
    }
  }
  void Add(DocId doc, const Step& step);
  // A step of every document of the shard: each one's, the cause tracker's once.
  void AddShard(std::uint32_t shard, const Keyspace& keys, const Step& step);
  // A step of every document (streaming: one step of no document).
  void AddAll(const Step& step);

 private:
  bool streaming() const { return sink_ != nullptr || causes_ != nullptr; }

  EventSink* sink_ = nullptr;
  CauseTracker* causes_ = nullptr;
  std::vector<DocStory> stories_;  // by doc id
};

// The causes (the order in which explain groups them). Which one a story
// gets, the first rule that holds in Cause(): model/README.md, "Why a write
// was lost".
enum class LossCause : std::uint8_t {
  kErrorReplyAcked,
  kTrackingLostInCrash,
  kUntrackedInFlight,
  kNoReplicaForAntiEntropy,
  kMissedNewDuringDualWrite,
  kWrittenAfterShardCopy,
  kMissedByCopy,
  kStaleCopyOverwrite,
  kReorderedDelete,
  kSkewedStampLost,
  kCleanupDeletedOnlyCopy,
  kResurrectedDelete,
  kUnexplained,
};
inline constexpr std::size_t kLossCauses = 13;
using CauseCounts = std::array<std::uint64_t, kLossCauses>;  // by LossCause
std::string_view LossCauseName(LossCause cause);
std::optional<LossCause> ParseLossCause(std::string_view name);
// "error_reply_acked 12, stale_copy_overwrite 1": most first, or `none`.
std::string CausesText(const CauseCounts& causes, std::string_view none = "");
// One sentence: what the cause means.
std::string_view LossCauseMeaning(LossCause cause);

// What a document's steps say about one of its writes (operation `op`),
// read step by step from the write's send on (a step before it says nothing
// of the write). Both a kept story and the counts of every run
// (model/cause_tracker.h) are read with it, so a cause has one definition.
// It does not keep `op`: the caller, which keeps one per operation, does.
class Reading {
 public:
  void Take(OpIndex op, const Step& step);
  // Who holds the write now, for a reader that does not hear every step
  // that moves it off a node (model/cause_tracker.h skips a newer write's).
  void set_holding(NodeMask holding) { holding_ = holding; }
  // The cause, given the nodes named at the end checkpoint.
  LossCause Cause(NodeMask end_owners) const;

 private:
  NodeMask sent_nodes_ = 0;     // the latest send: where it went
  NodeMask sent_owners_ = 0;    // and who owned the shard then
  NodeMask got_ = 0;            // nodes that ever applied the write
  NodeMask error_replies_ = 0;  // nodes that answered it with an error
  NodeMask holding_ = 0;        // nodes that hold the write now
  bool sent_ : 1 = false;
  bool sent_tracked_ : 1 = false;
  bool tracked_ : 1 = false;  // in the in-flight list, its shard not drained
  bool cleared_while_tracked_ : 1 = false;
  bool copy_read_after_send_ : 1 = false;  // a copy page read the document after the send
  bool ever_copied_ : 1 = false;           // some copy page read this write
  bool stale_copy_replaced_ : 1 = false;
  bool stamp_refused_ : 1 = false;
  bool cleanup_deleted_ : 1 = false;
  bool reordered_delete_ : 1 = false;
  bool repair_after_loss_ : 1 = false;
  bool destroyed_ : 1 = false;
};

// The cause of the document's loss (or resurrection) at its end checkpoint,
// given its latest acknowledged operation.
LossCause Cause(const DocStory& story, OpIndex acked, OpKind kind);

}  // namespace model
