#include "model/driver.h"

#include <algorithm>
#include <bit>

#include "model/forensics.h"
#include "model/routing.h"
#include "model/token.h"
#include "sim/check.h"

namespace model {
namespace {
constexpr std::uint32_t kWakeBit = 1u << 20;
}  // namespace

std::map<std::uint32_t, NodeIndex> MovedShards(const World& world, const MigrationConfig& c,
                                               NodeIndex new_node) {
  const std::uint32_t rf = world.config.cluster.replication_factor;
  std::vector<std::string> names = world.config.cluster.groups[c.group];
  names.push_back(c.add_node);
  std::map<std::uint32_t, NodeIndex> old_owners;
  for (std::uint32_t shard = 0; shard < world.keys.shards(); ++shard) {
    const std::vector<NodeIndex>& owners = world.routes.owners(shard, c.group);
    if (owners.empty() || std::find(owners.begin(), owners.end(), new_node) != owners.end())
      continue;
    bool moved = c.move == MoveKind::kAll;
    if (c.move == MoveKind::kList) {
      moved = std::find(c.move_shards.begin(), c.move_shards.end(), shard) != c.move_shards.end();
    }
    if (c.move == MoveKind::kHrw) {
      const std::vector<std::uint32_t> top = OwnersInGroup(shard, names, rf);
      moved = std::find(top.begin(), top.end(), names.size() - 1) != top.end();
    }
    // The displaced owner is the lowest-ranked one: the node HRW drops.
    if (moved) old_owners[shard] = owners.back();
  }
  return old_owners;
}

Driver::Driver(World& world, Coordinator& coordinator, Router& router, PhaseListener& listener,
               std::uint32_t source, std::uint32_t index, NodeIndex new_node,
               std::optional<std::uint32_t> shard)
    : world_(world),
      coordinator_(coordinator),
      router_(router),
      listener_(listener),
      source_(source),
      index_(index),
      new_node_(new_node),
      shard_(shard) {
  SIM_ASSERT(index < kWakeBit, "driver index {}", index);
}

std::uint64_t Driver::Tag(bool wake) const {
  return Token{Component::kDriver, index_ | (wake ? kWakeBit : 0), sequence_}.Pack();
}

void Driver::Request(NodeIndex node, std::uint32_t type, std::uint64_t w1, std::uint64_t w2,
                     std::uint64_t w3) {
  ++sequence_;
  wait_ = Wait::kReply;
  world_.sim.Send(sim::Message{
      world_.orchestrator, world_.node_process[node], type, 0, {Tag(false), w1, w2, w3}});
  world_.sim.SetTimer(world_.orchestrator, world_.config.network.request_timeout, Tag(false));
}

void Driver::Wake(Time delay) {
  ++sequence_;
  wait_ = Wait::kWake;
  world_.sim.SetTimer(world_.orchestrator, delay, Tag(true));
}

template <typename T>
void Driver::Check(const sim::Result<T, CoordinatorError>& result) {
  // The driver calls the coordinator only in the phase and states it checked
  // first, so an error here is a bug in the driver, not a model outcome.
  SIM_ASSERT(result.has_value(), "migration {}: {}", source_, result.error().Message());
}

void Driver::Start() {
  due_ = true;
  if (id_.has_value() || refused_) return;
  Begin();
}

void Driver::StartSoon() {
  due_ = true;
  Wake(0);
}

void Driver::Begin() {
  const MigrationConfig& c = config();
  std::map<std::uint32_t, NodeIndex> old_owners = MovedShards(world_, c, new_node_);
  if (shard_.has_value())
    std::erase_if(old_owners, [&](const auto& e) { return e.first != *shard_; });
  auto begun = coordinator_.BeginMigration(source_, c.coordinator, new_node_, c.group, old_owners,
                                           c.allow_unsafe);
  if (!begun) {
    refused_ = true;
    listener_.OnRefused(source_, begun.error().Message());
    return;
  }
  id_ = begun.value();
  Advance();
}

void Driver::Resume() {
  if (!id_.has_value()) {
    if (due_) Start();
    return;
  }
  Crash();
  if (stuck_) return;
  const Phase phase = record().phase;
  const bool ended = phase == Phase::kComplete || phase == Phase::kFailed;
  // Once the routing has switched there is nothing to begin again: resume.
  const bool switched = phase >= Phase::kCutoverActivate;
  if (ended || config().recovery == Recovery::kResume || switched) {
    Advance();
    return;
  }
  if (config().recovery == Recovery::kAbandon) {
    FailMigration("the orchestrator crashed (recovery: abandon)");
    return;
  }
  FailMigration("the orchestrator crashed (recovery: restart)");
  id_.reset();
  Begin();
}

void Driver::Crash() {
  wait_ = Wait::kNone;
  doing_ = Doing::kNothing;
  ++sequence_;  // anything in flight is now stale
  failures_in_a_row_ = 0;
  assigning_ = false;
  cursor_ = Cursor{};
  slot_ = UINT32_MAX;  // the slot is abandoned with the memory that held it
  drain_start_ = -1;
  candidates_.clear();
}

void Driver::Advance() {
  if (wait_ != Wait::kNone) return;
  if (!id_.has_value()) {  // a start that StartSoon() put off
    Start();
    return;
  }
  switch (record().phase) {
    case Phase::kComputingAssignments:
      if (config().dual_write_delay > 0 && !assigning_) {
        assigning_ = true;
        Wake(config().dual_write_delay);
        return;
      }
      assigning_ = false;
      Check(coordinator_.BeginDualWrite(*id_));
      Advance();
      return;
    case Phase::kDualWriteMigrating:
      NextCopy(ShardState::kMigrating);
      return;
    case Phase::kCutoverBegin:
      // Dual-write stops for the affected shards here: is_dual_write_active
      // is already false for every shard whose copy completed.
      Check(coordinator_.BeginCutover(*id_));
      Advance();
      return;
    case Phase::kCutoverDraining:
      TryDrain();
      return;
    case Phase::kCutoverDeltaPass:
      NextCopy(ShardState::kDeltaPass);
      return;
    case Phase::kCutoverCleanup:
      NextCleanup();
      return;
    case Phase::kCutoverActivate:
      SIM_UNREACHABLE("migration {} rests in cutover_activate", source_);
    case Phase::kComplete:
    case Phase::kFailed:
      return;
  }
}

// Background copy (kMigrating) and the delta pass (kDeltaPass) walk the
// shards in id order; both read the old owner and write the new node.
void Driver::NextCopy(ShardState wanted) {
  const MigrationRecord& m = record();
  if (cursor_.shard == UINT32_MAX || m.shards[cursor_.shard] != wanted) {
    cursor_ = Cursor{};
    for (std::uint32_t s = 0; s < m.shards.size(); ++s) {
      if (m.shards[s] == wanted) {
        cursor_.shard = s;
        break;
      }
    }
    SIM_ASSERT(cursor_.shard != UINT32_MAX, "migration {} in {} with no shard {}", source_,
               PhaseName(m.phase), ShardStateName(wanted));
  }
  // A fresh slot per read: a late duplicate of an old request may still read
  // or fill the old one. Slots are never reused within a run.
  slot_ = world_.payloads.AcquireDocs();
  doing_ = Doing::kRead;
  const NodeIndex old_owner = m.old_owners[cursor_.shard];
  if (wanted == ShardState::kDeltaPass && config().delta_scope == DeltaScope::kCandidates) {
    std::vector<DocCopy>& ids = world_.payloads.docs(slot_);
    ids.clear();
    for (const DocId doc : candidates_[cursor_.shard]) ids.push_back(DocCopy{doc, {}});
    if (ids.empty()) {
      ShardDone();
      return;
    }
    Request(old_owner, kGetDocs, cursor_.shard, slot_, 0);
    return;
  }
  Request(old_owner, kPageRead, cursor_.shard, cursor_.offset,
          config().page_size | (std::uint64_t{slot_} << 32));
}

void Driver::OnReply(const sim::Message& message) {
  const Token token = Token::Unpack(message.words[0]);
  if (wait_ != Wait::kReply || token.sequence != sequence_) return;  // stale
  wait_ = Wait::kNone;
  switch (message.type) {
    case kPageData:
      OnPage(static_cast<std::uint32_t>(message.words[2]));
      return;
    case kCopyReply:
      OnCopied(message.words[1] == 1, message.words[2]);
      return;
    case kDeleteReply:
      failures_in_a_row_ = 0;
      cursor_.shard += 1;
      NextCleanup();
      return;
    default:
      SIM_UNREACHABLE("driver got message type {}", message.type);
  }
}

void Driver::OnPage(std::uint32_t count) {
  failures_in_a_row_ = 0;
  const bool delta_by_candidates =
      record().phase == Phase::kCutoverDeltaPass && config().delta_scope == DeltaScope::kCandidates;
  if (count == 0) {
    ShardDone();
    return;
  }
  doing_ = Doing::kWrite;
  if (world_.forensics != nullptr) {
    for (const DocCopy& copy : world_.payloads.docs(slot_)) {
      world_.forensics->Add(copy.doc, Step{.at = world_.sim.now(), .kind = StepKind::kCopyRead,
                                           .flag = record().phase == Phase::kCutoverDeltaPass,
                                           .node = new_node_, .write = copy.version.write});
    }
  }
  cursor_.docs += delta_by_candidates ? 0 : count;
  cursor_.offset += count;
  Request(new_node_, kCopyWrite, slot_, static_cast<std::uint64_t>(Origin::kMigration),
          cursor_.shard);
}

void Driver::OnCopied(bool ok, std::uint64_t applied) {
  if (!ok) {
    Retry("copy write");
    return;
  }
  failures_in_a_row_ = 0;
  cursor_.applied += applied;
  const bool delta = record().phase == Phase::kCutoverDeltaPass;
  (delta ? world_.counters.delta_docs : world_.counters.migrated_docs) += applied;
  const auto count = static_cast<std::uint32_t>(world_.payloads.docs(slot_).size());
  if ((delta && config().delta_scope == DeltaScope::kCandidates) || count < config().page_size) {
    ShardDone();
    return;
  }
  doing_ = Doing::kRead;
  Wake(config().page_interval);
}

void Driver::ShardDone() {
  doing_ = Doing::kNothing;
  const std::uint32_t shard = cursor_.shard;
  if (record().phase == Phase::kDualWriteMigrating) {
    Check(coordinator_.ShardMigrationComplete(*id_, shard, cursor_.docs));
  } else {
    Check(coordinator_.ShardDeltaComplete(*id_, shard, cursor_.applied));
  }
  cursor_ = Cursor{};
  if (record().phase == Phase::kDualWriteMigrating || record().phase == Phase::kCutoverDeltaPass) {
    Wake(config().page_interval);
    return;
  }
  Advance();
}

void Driver::TryDrain() {
  if (drain_start_ < 0) drain_start_ = world_.sim.now();
  auto drained = coordinator_.CompleteDrain(*id_, &candidates_);
  if (!drained) {
    SIM_ASSERT(drained.error().kind == CoordinatorError::Kind::kDrainTimeout, "{}",
               drained.error().Message());
    if (world_.sim.now() - drain_start_ < config().coordinator.drain_timeout) {
      Wake(kDrainPoll);
      return;
    }
    world_.counters.drain_timed_out = true;
    if (config().on_drain_timeout == DrainTimeoutAction::kAbort) {
      FailMigration(drained.error().Message());
      return;
    }
    // Runbook: mark the stuck writes failed, retry the cutover.
    InFlight& inflight = coordinator_.inflight();
    std::vector<std::pair<DocId, NodeIndex>> stuck;
    for (const TrackedWrite& w : inflight.writes()) {
      for (NodeMask silent = w.targets & ~(w.completed | w.failed); silent != 0;
           silent &= silent - 1) {
        stuck.emplace_back(w.doc, static_cast<NodeIndex>(std::countr_zero(silent)));
      }
    }
    for (const auto& [doc, node] : stuck) inflight.Fail(doc, node);
    world_.counters.stuck_failed += stuck.size();
    drained = coordinator_.CompleteDrain(*id_, &candidates_);
    if (!drained) {  // under the original's rule a drain may never settle
      RetryDrain(drained.error());
      return;
    }
  }
  if (world_.forensics != nullptr) {
    for (std::uint32_t shard = 0; shard < world_.keys.shards(); ++shard) {
      if (!record().affects(shard)) continue;
      world_.forensics->AddShard(shard, world_.keys,
                                 Step{.at = world_.sim.now(), .kind = StepKind::kDrained});
    }
    for (const auto& [shard, docs] : candidates_) {
      for (const DocId doc : docs) {
        world_.forensics->Add(doc, Step{.at = world_.sim.now(), .kind = StepKind::kDeltaCandidate});
      }
    }
  }
  world_.counters.drain_duration += world_.sim.now() - drain_start_;
  drain_start_ = -1;
  Advance();
}

// Another drain_timeout of polling, or, after drain_retries of them, the
// end: the run is stuck in cutover_draining with what the coordinator said.
void Driver::RetryDrain(const CoordinatorError& error) {
  SIM_ASSERT(error.kind == CoordinatorError::Kind::kDrainTimeout, "{}", error.Message());
  if (++drain_retries_ > config().drain_retries) {
    stuck_ = true;
    listener_.OnStuck(
        source_, fmt::format("stuck in {} after {} drain retries: {}", PhaseName(record().phase),
                             config().drain_retries, error.Message()));
    return;
  }
  drain_start_ = world_.sim.now();
  Wake(kDrainPoll);
}

void Driver::NextCleanup() {
  const MigrationRecord& m = record();
  std::uint32_t shard = cursor_.shard == UINT32_MAX ? 0 : cursor_.shard;
  while (shard < m.shards.size() && !m.affects(shard)) ++shard;
  cursor_.shard = shard;
  if (shard == m.shards.size()) {
    Check(coordinator_.CompleteCleanup(*id_));
    cursor_ = Cursor{};
    return;
  }
  doing_ = Doing::kDelete;
  Request(m.old_owners[shard], kDeleteShard, shard, 0, 0);
}

void Driver::Retry(const char* what) {
  ++world_.counters.page_retries;
  if (++failures_in_a_row_ > world_.config.limits.page_retries) {
    FailMigration(fmt::format("{} to shard s{} failed {} times in a row", what, cursor_.shard,
                              failures_in_a_row_));
    return;
  }
  Wake(config().page_interval);
}

void Driver::OnTimer(std::uint64_t tag) {
  const Token token = Token::Unpack(tag);
  if (token.sequence != sequence_) return;
  const bool wake = (token.index & kWakeBit) != 0;
  if (wake) {
    if (wait_ != Wait::kWake) return;
    wait_ = Wait::kNone;
    // Redo what was interrupted: a page read, a page write or a delete.
    if (doing_ == Doing::kWrite) {
      Request(new_node_, kCopyWrite, slot_, static_cast<std::uint64_t>(Origin::kMigration),
              cursor_.shard);
      return;
    }
    Advance();
    return;
  }
  if (wait_ != Wait::kReply) return;
  wait_ = Wait::kNone;
  Retry(doing_ == Doing::kWrite ? "copy write" : doing_ == Doing::kDelete ? "delete" : "page read");
}

void Driver::FailMigration(std::string reason) {
  wait_ = Wait::kNone;
  doing_ = Doing::kNothing;
  ++sequence_;
  coordinator_.Fail(*id_, std::move(reason));
  router_.ReleaseHeld(*id_);
}

}  // namespace model
