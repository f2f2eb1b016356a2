#include "model/coordinator.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "sim/check.h"

namespace model {
namespace {
constexpr std::array<const char*, 8> kShardStateNames = {
    "not_affected", "pending",    "migrating", "migration_complete",
    "draining",     "delta_pass", "active",    "failed"};
}  // namespace

const char* ShardStateName(ShardState state) {
  return kShardStateNames[static_cast<int>(state)];
}

const char* CoordinatorError::KindName() const {
  switch (kind) {
    case Kind::kUnsafeCutoverNoAntiEntropy:
      return "UnsafeCutoverNoAntiEntropy";
    case Kind::kDrainTimeout:
      return "DrainTimeout";
    case Kind::kInvalidTransition:
      return "InvalidTransition";
    case Kind::kNotFound:
      return "NotFound";
  }
  SIM_UNREACHABLE("error kind {}", static_cast<int>(kind));
}

std::string ShardText(const MigrationRecord& m, std::uint32_t shard) {
  const std::uint64_t copied = m.docs_copied[shard];
  switch (m.shards[shard]) {
    case ShardState::kNotAffected:
      return "not_affected";
    case ShardState::kPending:
      return "pending";
    case ShardState::kMigrating:  // the original never counts pages: always 0 and 0
      return "migrating(0 copied, 0 pages left)";
    case ShardState::kMigrationComplete:
      return fmt::format("migration_complete({} copied)", copied);
    case ShardState::kDraining:
      return fmt::format("draining({} in-flight, {} copied)", m.in_flight_at_cutover, copied);
    case ShardState::kDeltaPass:  // the delta's own count is only added when it completes
      return fmt::format("delta_pass({} + 0 copied)", copied);
    case ShardState::kActive:
      return "active";
    case ShardState::kFailed:
      return fmt::format("failed({}: {})", PhaseName(m.phase), m.failure);
  }
  SIM_UNREACHABLE("shard state {}", static_cast<int>(m.shards[shard]));
}

std::string CoordinatorError::Message() const {
  switch (kind) {
    case Kind::kUnsafeCutoverNoAntiEntropy:
      return "anti-entropy is disabled and delta pass is skipped — documents may be lost at "
             "cutover";
    case Kind::kDrainTimeout:
      return fmt::format("drain timeout exceeded: {} in-flight writes still pending",
                         writes_pending);
    case Kind::kInvalidTransition:
      return fmt::format("shard s{} is not in a valid state for this transition (current: {})",
                         shard, detail);
    case Kind::kNotFound:
      return fmt::format("migration {} not found", detail);
  }
  SIM_UNREACHABLE("error kind {}", static_cast<int>(kind));
}

Coordinator::Coordinator(std::uint32_t shards, InFlight& inflight, PhaseListener& listener)
    : shards_(shards), inflight_(inflight), listener_(listener) {}

Coordinator::Result<MigrationRecord*> Coordinator::Find(std::uint32_t id, const Expect& expect) {
  if (id >= migrations_.size()) {
    return sim::Err(Error{Error::Kind::kNotFound, 0, fmt::format("{}", id)});
  }
  MigrationRecord& m = migrations_[id];
  if (expect.phase && m.phase != *expect.phase) {
    // The original names the expected phase in CamelCase and the found one as displayed.
    return sim::Err(
        Error{Error::Kind::kInvalidTransition, 0,
              fmt::format("expected {}, got {}", expect.phase_name, PhaseName(m.phase))});
  }
  if (expect.shard_state) {
    const std::uint32_t shard = expect.shard;
    if (shard >= shards_ || !m.affects(shard)) {
      return sim::Err(Error{Error::Kind::kInvalidTransition, shard, "shard not in migration"});
    }
    if (m.shards[shard] != *expect.shard_state) return sim::Err(WrongState(m, shard));
  }
  return &m;
}

CoordinatorError Coordinator::WrongState(const MigrationRecord& m, std::uint32_t shard) {
  return Error{Error::Kind::kInvalidTransition, shard, ShardText(m, shard)};
}

void Coordinator::Enter(MigrationRecord& m, Phase phase) {
  m.phase = phase;
  listener_.OnPhase(m);
}

void Coordinator::Set(MigrationRecord& m, std::uint32_t shard, ShardState state) {
  m.shards[shard] = state;
  listener_.OnShardState(m, shard);
}

bool Coordinator::All(const MigrationRecord& m, ShardState state) const {
  for (const ShardState s : m.shards) {
    if (s != ShardState::kNotAffected && s != state) return false;
  }
  return true;
}

Coordinator::Result<sim::Ok> Coordinator::ValidateSafety(const CoordinatorSettings& settings) {
  if (settings.skip_delta_pass && !settings.anti_entropy_enabled) {
    return sim::Err(Error{Error::Kind::kUnsafeCutoverNoAntiEntropy});
  }
  return sim::Ok{};
}

Coordinator::Result<std::uint32_t> Coordinator::BeginMigration(
    std::uint32_t source, const CoordinatorSettings& settings, NodeIndex new_node,
    std::uint32_t group, const std::map<std::uint32_t, NodeIndex>& old_owners, bool bypass_safety) {
  // validate_safety: a hard refusal; the migration never starts.
  if (!bypass_safety) {
    if (auto safe = ValidateSafety(settings); !safe) return sim::Err(safe.error());
  }
  MigrationRecord m;
  m.id = static_cast<std::uint32_t>(migrations_.size());
  m.source = source;
  m.new_node = new_node;
  m.group = group;
  m.settings = settings;
  m.shards.assign(shards_, ShardState::kNotAffected);
  m.old_owners.assign(shards_, 0);
  m.docs_copied.assign(shards_, 0);
  for (const auto& [shard, owner] : old_owners) {
    SIM_ASSERT(shard < shards_, "shard {} of {}", shard, shards_);
    m.shards[shard] = ShardState::kPending;
    m.old_owners[shard] = owner;
  }
  migrations_.push_back(std::move(m));
  Enter(migrations_.back(), Phase::kComputingAssignments);
  return migrations_.back().id;
}

Coordinator::Result<sim::Ok> Coordinator::BeginDualWrite(std::uint32_t id) {
  auto found = Find(id);
  if (!found) return sim::Err(found.error());
  MigrationRecord& m = *found.value();
  // Original: no precondition on the current phase.
  for (std::uint32_t shard = 0; shard < shards_; ++shard) {
    if (m.shards[shard] == ShardState::kPending) Set(m, shard, ShardState::kMigrating);
  }
  Enter(m, Phase::kDualWriteMigrating);
  return sim::Ok{};
}

Coordinator::Result<sim::Ok> Coordinator::ShardMigrationComplete(std::uint32_t id,
                                                                 std::uint32_t shard,
                                                                 std::uint64_t docs) {
  auto found = Find(id, {.shard = shard, .shard_state = ShardState::kMigrating});
  if (!found) return sim::Err(found.error());
  MigrationRecord& m = *found.value();
  Set(m, shard, ShardState::kMigrationComplete);
  m.docs_copied[shard] = docs;
  if (All(m, ShardState::kMigrationComplete)) Enter(m, Phase::kCutoverBegin);
  return sim::Ok{};
}

Coordinator::Result<Phase> Coordinator::BeginCutover(std::uint32_t id) {
  auto found = Find(id, {.phase = Phase::kCutoverBegin, .phase_name = "CutoverBegin"});
  if (!found) return sim::Err(found.error());
  MigrationRecord& m = *found.value();
  m.in_flight_at_cutover = static_cast<std::uint32_t>(inflight_.size());
  for (std::uint32_t shard = 0; shard < shards_; ++shard) {
    if (!m.affects(shard)) continue;
    // Original: shards before a bad one stay mutated.
    if (m.shards[shard] != ShardState::kMigrationComplete) {
      return sim::Err(WrongState(m, shard));
    }
    Set(m, shard, ShardState::kDraining);
  }
  Enter(m, Phase::kCutoverDraining);
  return Phase::kCutoverDraining;
}

Coordinator::Result<Phase> Coordinator::CompleteDrain(
    std::uint32_t id, std::map<std::uint32_t, std::vector<DocId>>* candidates) {
  auto found = Find(id, {.phase = Phase::kCutoverDraining, .phase_name = "CutoverDraining"});
  if (!found) return sim::Err(found.error());
  MigrationRecord& m = *found.value();
  // Drained means every tracked write of every migration has settled.
  if (!inflight_.IsDrained()) {
    Error error{Error::Kind::kDrainTimeout};
    error.writes_pending = inflight_.CountPending();
    return sim::Err(error);
  }
  // Candidates: tracked writes of this migration's shards that succeeded on
  // the old owner and not on the new node.
  std::size_t candidate_count = 0;
  for (const TrackedWrite& w : inflight_.writes()) {
    if (!m.affects(w.shard)) continue;
    const bool on_old = (w.completed & Bit(m.old_owners[w.shard])) != 0;
    const bool on_new = (w.completed & Bit(m.new_node)) != 0;
    if (!on_old || on_new) continue;
    ++candidate_count;
    if (candidates != nullptr) (*candidates)[w.shard].push_back(w.doc);
  }
  const bool delta = !m.settings.skip_delta_pass &&
                     (candidate_count > 0 || m.settings.delta_trigger == DeltaTrigger::kAlways);
  std::vector<bool> drop(shards_, false);
  for (std::uint32_t shard = 0; shard < shards_; ++shard) drop[shard] = m.affects(shard);
  inflight_.Drop(drop);
  if (!delta) {
    Activate(m);
    return Phase::kCutoverCleanup;
  }
  for (std::uint32_t shard = 0; shard < shards_; ++shard) {
    if (m.shards[shard] == ShardState::kDraining) Set(m, shard, ShardState::kDeltaPass);
  }
  Enter(m, Phase::kCutoverDeltaPass);
  return Phase::kCutoverDeltaPass;
}

Coordinator::Result<sim::Ok> Coordinator::ShardDeltaComplete(std::uint32_t id, std::uint32_t shard,
                                                             std::uint64_t docs) {
  auto found = Find(id, {.shard = shard, .shard_state = ShardState::kDeltaPass});
  if (!found) return sim::Err(found.error());
  MigrationRecord& m = *found.value();
  Set(m, shard, ShardState::kMigrationComplete);
  m.docs_copied[shard] += docs;
  if (All(m, ShardState::kMigrationComplete)) Activate(m);
  return sim::Ok{};
}

void Coordinator::Activate(MigrationRecord& m) {
  for (std::uint32_t shard = 0; shard < shards_; ++shard) {
    const ShardState s = m.shards[shard];
    if (s == ShardState::kMigrationComplete || s == ShardState::kDraining) {
      Set(m, shard, ShardState::kActive);
    }
  }
  Enter(m, Phase::kCutoverActivate);  // routing switches here
  Enter(m, Phase::kCutoverCleanup);
}

Coordinator::Result<sim::Ok> Coordinator::CompleteCleanup(std::uint32_t id) {
  auto found = Find(id, {.phase = Phase::kCutoverCleanup, .phase_name = "CutoverCleanup"});
  if (!found) return sim::Err(found.error());
  MigrationRecord& m = *found.value();
  m.completed = true;
  Enter(m, Phase::kComplete);
  return sim::Ok{};
}

void Coordinator::Fail(std::uint32_t id, std::string reason) {
  MigrationRecord& m = migrations_.at(id);
  SIM_ASSERT(m.phase != Phase::kComplete, "failing a complete migration {}", id);
  m.failure = std::move(reason);
  Enter(m, Phase::kFailed);
}

namespace {
// The original's is_dual_write_active for one migration (rule 12).
bool DualWrittenUnderRule12(const MigrationRecord& m, std::uint32_t shard) {
  return m.phase == Phase::kDualWriteMigrating && m.shards[shard] == ShardState::kMigrating;
}
}  // namespace

NodeMask Coordinator::DualWriteTargets(std::uint32_t shard) const {
  NodeMask targets = 0;
  for (const MigrationRecord& m : migrations_) {
    const bool rule_12 = DualWrittenUnderRule12(m, shard);
    const bool until_cutover =
        m.settings.dual_write_until == DualWriteUntil::kCutover &&
        (m.phase == Phase::kDualWriteMigrating || m.phase == Phase::kCutoverBegin) &&
        (m.shards[shard] == ShardState::kMigrating ||
         m.shards[shard] == ShardState::kMigrationComplete);
    if (rule_12 || until_cutover) targets |= Bit(m.new_node);
  }
  return targets;
}

bool Coordinator::IsDualWriteActive(std::uint32_t shard) const {
  return std::any_of(migrations_.begin(), migrations_.end(),
                     [&](const MigrationRecord& m) { return DualWrittenUnderRule12(m, shard); });
}

const MigrationRecord* Coordinator::Tracking(std::uint32_t shard) const {
  for (const MigrationRecord& m : migrations_) {
    const Phase first = m.settings.track_from == TrackFrom::kBegin ? Phase::kComputingAssignments
                                                                   : Phase::kDualWriteMigrating;
    if (m.phase < first || m.phase >= Phase::kCutoverCleanup) continue;
    if (m.affects(shard) && m.shards[shard] != ShardState::kActive) return &m;
  }
  return nullptr;
}

const MigrationRecord* Coordinator::InCutover(std::uint32_t shard) const {
  for (const MigrationRecord& m : migrations_) {
    if (m.phase < Phase::kCutoverDraining || m.phase >= Phase::kCutoverCleanup) continue;
    if (m.affects(shard) && m.shards[shard] != ShardState::kActive) return &m;
  }
  return nullptr;
}

}  // namespace model
