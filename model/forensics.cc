#include "model/forensics.h"

#include <algorithm>

#include "sim/check.h"

namespace model {

Forensics::Forensics(std::vector<DocId> docs) {
  std::sort(docs.begin(), docs.end());
  SIM_ASSERT(std::adjacent_find(docs.begin(), docs.end()) == docs.end(), "a document twice");
  stories_.reserve(docs.size());
  for (const DocId doc : docs) stories_.push_back(DocStory{doc, 0, {}});
}

DocStory* Forensics::Story(DocId doc) {
  const auto at = std::lower_bound(stories_.begin(), stories_.end(), doc,
                                   [](const DocStory& s, DocId d) { return s.doc < d; });
  return at != stories_.end() && at->doc == doc ? &*at : nullptr;
}

std::string_view LossCauseName(LossCause cause) {
  switch (cause) {
    case LossCause::kErrorReplyAcked: return "error_reply_acked";
    case LossCause::kTrackingLostInCrash: return "tracking_lost_in_crash";
    case LossCause::kUntrackedInFlight: return "untracked_in_flight";
    case LossCause::kMissedNewDuringDualWrite: return "missed_new_during_dual_write";
    case LossCause::kWrittenAfterShardCopy: return "written_after_shard_copy";
    case LossCause::kMissedByCopy: return "missed_by_copy";
    case LossCause::kStaleCopyOverwrite: return "stale_copy_overwrite";
    case LossCause::kReorderedDelete: return "reordered_delete";
    case LossCause::kSkewedStampLost: return "skewed_stamp_lost";
    case LossCause::kCleanupDeletedOnlyCopy: return "cleanup_deleted_only_copy";
    case LossCause::kNoReplicaForAntiEntropy: return "no_replica_for_anti_entropy";
    case LossCause::kResurrectedDelete: return "resurrected_delete";
    case LossCause::kUnexplained: return "unexplained";
  }
  return "unexplained";
}

std::string_view LossCauseMeaning(LossCause cause) {
  switch (cause) {
    case LossCause::kErrorReplyAcked:
      return "acknowledged although an owner answered the write with an error";
    case LossCause::kTrackingLostInCrash:
      return "the in-flight list forgot the write when the orchestrator crashed";
    case LossCause::kUntrackedInFlight:
      return "in flight but not tracked: it reached the old owner after a copy page read "
             "the document, or was dual-written untracked, and nothing carried it over";
    case LossCause::kMissedNewDuringDualWrite:
      return "dual-written, failed on the new node, and no delta pass carried it";
    case LossCause::kWrittenAfterShardCopy:
      return "written only to the old owner after the copy had passed the document, and "
             "never copied";
    case LossCause::kMissedByCopy:
      return "held by the old owner from before the migration, and no copy page ever read it";
    case LossCause::kStaleCopyOverwrite:
      return "a copy read before the write replaced it on the new owner";
    case LossCause::kReorderedDelete:
      return "a delete issued before the write reached the node after it and removed it";
    case LossCause::kSkewedStampLost:
      return "an owner kept an older write with a newer updated_at stamp";
    case LossCause::kCleanupDeletedOnlyCopy:
      return "cleanup deleted the only copy of the write";
    case LossCause::kNoReplicaForAntiEntropy:
      return "missing on the new owner, and anti-entropy, run after the loss, found no "
             "replica holding it";
    case LossCause::kResurrectedDelete:
      return "an acknowledged delete, and a stale copy brought the document back";
    case LossCause::kUnexplained:
      return "the story shows no rule above; read it with --doc";
  }
  return "";
}

namespace {

// What the story says about the latest acknowledged write.
struct Reading {
  const Step* sent = nullptr;
  NodeMask end_owners = 0;     // nodes named at the end checkpoint
  NodeMask got = 0;            // nodes that ever applied the write
  NodeMask error_replies = 0;  // nodes that answered it with an error
  NodeMask settled = 0;        // nodes that answered it (ok or error)
  bool cleared_while_tracked = false;
  bool copy_read_after_send = false;  // a copy page read the document after the write was sent
  bool ever_copied = false;           // some copy page read this write
  bool stale_copy_replaced = false;
  bool stamp_refused = false;
  bool cleanup_deleted = false;
  bool reordered_delete = false;
  bool repair_after_loss = false;
  bool destroyed = false;
};

Reading Read(const DocStory& story, OpIndex acked) {
  const std::uint64_t write = WriteId(acked);
  Reading r;
  NodeMask holding = 0;  // nodes that hold the write now, as the story goes
  bool tracked = false;  // the write is in the in-flight list, its shard not drained
  for (const Step& s : story.steps) {
    const NodeMask bit = NodeMask{1} << s.node;
    switch (s.kind) {
      case StepKind::kSent:
        if (s.op == acked) {
          r.sent = &s;
          tracked = s.flag;
        }
        break;
      case StepKind::kDrained:
        tracked = false;
        break;
      case StepKind::kCopyRead:
        if (r.sent != nullptr) r.copy_read_after_send = true;
        if (s.write == write) r.ever_copied = true;
        break;
      case StepKind::kAnswer:
        if (s.op != acked) break;
        if (!s.timed_out) r.settled |= bit;
        if (!s.flag && !s.timed_out) r.error_replies |= bit;
        break;
      case StepKind::kTrackingCleared:
        if (tracked) r.cleared_while_tracked = true;
        tracked = false;
        break;
      case StepKind::kApplied:
        if (s.write == write) {
          r.got |= bit;
          holding |= bit;
        } else if ((holding & bit) != 0) {
          holding &= ~bit;
          if (s.write < write && s.origin != Origin::kClient) r.stale_copy_replaced = true;
          if (s.write < write && s.origin == Origin::kClient) r.stamp_refused = true;
        }
        break;
      case StepKind::kNotApplied:
        if (s.write == write) r.stamp_refused = true;
        break;
      case StepKind::kDeleted:
        if ((holding & bit) != 0 && s.write == 0) r.cleanup_deleted = true;
        if (s.before == write && s.write != 0 && s.write < write) r.reordered_delete = true;
        holding &= ~bit;
        break;
      case StepKind::kDestroyed:
        if (s.write == write) r.destroyed = true;
        break;
      case StepKind::kAntiEntropy:
        if (r.destroyed && holding == 0) r.repair_after_loss = true;
        break;
      case StepKind::kCheckpoint:
        if (s.value == 1) r.end_owners |= bit;
        break;
      default:
        break;
    }
  }
  return r;
}

}  // namespace

LossCause Cause(const DocStory& story, OpIndex acked, OpKind kind) {
  if (kind == OpKind::kDelete) return LossCause::kResurrectedDelete;
  const Reading r = Read(story, acked);
  const bool on_end_owner = (r.got & r.end_owners) != 0;
  if (r.sent != nullptr && (r.error_replies & r.sent->owners) != 0) {
    return LossCause::kErrorReplyAcked;
  }
  if (r.cleared_while_tracked && !on_end_owner) return LossCause::kTrackingLostInCrash;
  // Sent beyond the owners of the time: dual-written to a node that owns
  // the shard at the end, which never applied it.
  const NodeMask dual =
      r.sent != nullptr ? r.sent->nodes & ~r.sent->owners & r.end_owners : NodeMask{0};
  const bool missed_dual = dual != 0 && (r.got & dual) == 0;
  // Sent only to nodes that do not own the shard at the end.
  const bool old_only = r.sent != nullptr && (r.sent->nodes & r.end_owners) == 0 && !on_end_owner;
  const bool in_flight_across_copy = old_only && r.copy_read_after_send && !r.ever_copied;
  if ((missed_dual && !r.sent->flag) || in_flight_across_copy) {
    return LossCause::kUntrackedInFlight;
  }
  if ((missed_dual || old_only) && r.repair_after_loss) return LossCause::kNoReplicaForAntiEntropy;
  if (missed_dual) return LossCause::kMissedNewDuringDualWrite;
  if (old_only && !r.ever_copied) return LossCause::kWrittenAfterShardCopy;
  if (r.stale_copy_replaced) return LossCause::kStaleCopyOverwrite;
  if (r.reordered_delete) return LossCause::kReorderedDelete;
  if (r.stamp_refused) return LossCause::kSkewedStampLost;
  if (r.sent == nullptr && !r.ever_copied && !on_end_owner) return LossCause::kMissedByCopy;
  if (r.cleanup_deleted) return LossCause::kCleanupDeletedOnlyCopy;
  return LossCause::kUnexplained;
}

}  // namespace model
