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

#include <cstdint>
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

class Forensics {
 public:
  // Keeps the stories of `docs`. REQUIRES: docs has no duplicates.
  explicit Forensics(std::vector<DocId> docs);
  // Streams the steps of every document to sink, keeping none.
  explicit Forensics(EventSink* sink) : sink_(sink) {}

  // The story of doc, or nullptr when it is not kept.
  DocStory* Story(DocId doc);
  // The kept stories (none when streaming).
  std::vector<DocStory>& stories() { return stories_; }
  std::vector<DocStory> Take() { return std::move(stories_); }

  // Every watched document of the shard (streaming: every one it has).
  template <typename Visit>
  void ForShard(std::uint32_t shard, const Keyspace& keys, Visit&& visit) {
    if (sink_ != nullptr) {
      for (const DocId doc : keys.touched(shard)) visit(doc);
      return;
    }
    for (DocStory& story : stories_) {
      if (keys.shard(story.doc) == shard) visit(story.doc);
    }
  }
  void Add(DocId doc, const Step& step) {
    if (sink_ != nullptr) {
      sink_->OnStep(doc, step);
    } else if (DocStory* story = Story(doc)) {
      story->steps.push_back(step);
    }
  }
  // A step of every document (streaming: one step of no document).
  void AddAll(const Step& step) {
    if (sink_ != nullptr) sink_->OnStep(EventSink::kNoDoc, step);
    for (DocStory& story : stories_) story.steps.push_back(step);
  }

 private:
  EventSink* sink_ = nullptr;
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
std::string_view LossCauseName(LossCause cause);
// One sentence: what the cause means.
std::string_view LossCauseMeaning(LossCause cause);

// The cause of the document's loss (or resurrection) at its end checkpoint,
// given its latest acknowledged operation.
LossCause Cause(const DocStory& story, OpIndex acked, OpKind kind);

}  // namespace model
