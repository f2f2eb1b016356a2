#include "model/forensics.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/cause_tracker.h"
#include "sim/check.h"

namespace model {

Forensics::Forensics(std::vector<DocId> docs, EventSink* sink, CauseTracker* causes)
    : sink_(sink), causes_(causes) {
  std::sort(docs.begin(), docs.end());
  SIM_ASSERT(std::adjacent_find(docs.begin(), docs.end()) == docs.end(), "a document twice");
  stories_.reserve(docs.size());
  for (const DocId doc : docs) stories_.push_back(DocStory{doc, 0, {}});
}

void Forensics::Add(DocId doc, const Step& step) {
  if (sink_ != nullptr) sink_->OnStep(doc, step);
  if (causes_ != nullptr) causes_->OnStep(doc, step);
  if (stories_.empty()) return;
  if (DocStory* story = Story(doc)) story->steps.push_back(step);
}

void Forensics::AddShard(std::uint32_t shard, const Keyspace& keys, const Step& step) {
  if (causes_ != nullptr) causes_->OnShard(shard, step);
  if (sink_ != nullptr) {
    for (const DocId doc : keys.touched(shard)) sink_->OnStep(doc, step);
  }
  for (DocStory& story : stories_) {
    if (keys.shard(story.doc) == shard) story.steps.push_back(step);
  }
}

void Forensics::AddAll(const Step& step) {
  if (sink_ != nullptr) sink_->OnStep(EventSink::kNoDoc, step);
  if (causes_ != nullptr) causes_->OnAll(step);
  for (DocStory& story : stories_) story.steps.push_back(step);
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

std::optional<LossCause> ParseLossCause(std::string_view name) {
  for (std::size_t c = 0; c < kLossCauses; ++c) {
    if (LossCauseName(static_cast<LossCause>(c)) == name) return static_cast<LossCause>(c);
  }
  return std::nullopt;
}

std::string CausesText(const CauseCounts& causes, std::string_view none) {
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c < causes.size(); ++c) {
    if (causes[c] != 0) order.push_back(c);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return causes[a] > causes[b]; });
  std::string out;
  for (const std::size_t c : order) {
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ",
                       LossCauseName(static_cast<LossCause>(c)), causes[c]);
  }
  return out.empty() ? std::string(none) : out;
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

void Reading::Take(OpIndex op, const Step& s) {
  const std::uint64_t write = WriteId(op);
  const NodeMask bit = NodeMask{1} << s.node;
  switch (s.kind) {
    case StepKind::kSent:
      if (s.op != op) break;
      sent_ = true;
      sent_nodes_ = s.nodes;
      sent_owners_ = s.owners;
      sent_tracked_ = tracked_ = s.flag;
      break;
    case StepKind::kDrained:
      tracked_ = false;
      break;
    case StepKind::kCopyRead:
      if (sent_) copy_read_after_send_ = true;
      if (s.write == write) ever_copied_ = true;
      break;
    case StepKind::kAnswer:
      if (s.op == op && s.ErrorReply()) error_replies_ |= bit;
      break;
    case StepKind::kTrackingCleared:
      if (tracked_) cleared_while_tracked_ = true;
      tracked_ = false;
      break;
    case StepKind::kApplied:
      if (s.write == write) {
        got_ |= bit;
        holding_ |= bit;
      } else if ((holding_ & bit) != 0) {
        holding_ &= ~bit;
        if (s.write < write && s.origin != Origin::kClient) stale_copy_replaced_ = true;
        if (s.write < write && s.origin == Origin::kClient) stamp_refused_ = true;
      }
      break;
    case StepKind::kNotApplied:
      if (s.write == write) stamp_refused_ = true;
      break;
    case StepKind::kDeleted:
      if ((holding_ & bit) != 0 && s.write == 0) cleanup_deleted_ = true;
      if (s.before == write && s.write != 0 && s.write < write) reordered_delete_ = true;
      holding_ &= ~bit;
      break;
    case StepKind::kDestroyed:
      if (s.write == write) destroyed_ = true;
      break;
    case StepKind::kAntiEntropy:
      if (destroyed_ && holding_ == 0) repair_after_loss_ = true;
      break;
    default:
      break;
  }
}

LossCause Reading::Cause(NodeMask end_owners) const {
  const bool on_end_owner = (got_ & end_owners) != 0;
  if (sent_ && (error_replies_ & sent_owners_) != 0) return LossCause::kErrorReplyAcked;
  if (cleared_while_tracked_ && !on_end_owner) return LossCause::kTrackingLostInCrash;
  // Sent beyond the owners of the time: dual-written to a node that owns
  // the shard at the end, which never applied it.
  const NodeMask dual = sent_ ? sent_nodes_ & ~sent_owners_ & end_owners : NodeMask{0};
  const bool missed_dual = dual != 0 && (got_ & dual) == 0;
  // Sent only to nodes that do not own the shard at the end.
  const bool old_only = sent_ && (sent_nodes_ & end_owners) == 0 && !on_end_owner;
  const bool in_flight_across_copy = old_only && copy_read_after_send_ && !ever_copied_;
  if ((missed_dual && !sent_tracked_) || in_flight_across_copy) {
    return LossCause::kUntrackedInFlight;
  }
  if ((missed_dual || old_only) && repair_after_loss_) return LossCause::kNoReplicaForAntiEntropy;
  if (missed_dual) return LossCause::kMissedNewDuringDualWrite;
  if (old_only && !ever_copied_) return LossCause::kWrittenAfterShardCopy;
  if (stale_copy_replaced_) return LossCause::kStaleCopyOverwrite;
  if (reordered_delete_) return LossCause::kReorderedDelete;
  if (stamp_refused_) return LossCause::kSkewedStampLost;
  if (!sent_ && !ever_copied_ && !on_end_owner) return LossCause::kMissedByCopy;
  if (cleanup_deleted_) return LossCause::kCleanupDeletedOnlyCopy;
  return LossCause::kUnexplained;
}

LossCause Cause(const DocStory& story, OpIndex acked, OpKind kind) {
  if (kind == OpKind::kDelete) return LossCause::kResurrectedDelete;
  Reading reading;
  NodeMask end_owners = 0;
  for (const Step& s : story.steps) {
    reading.Take(acked, s);
    if (s.kind == StepKind::kCheckpoint && s.value == 1) end_owners |= NodeMask{1} << s.node;
  }
  return reading.Cause(end_owners);
}

}  // namespace model
