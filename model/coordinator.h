// model/coordinator.h
//
// The migration coordinator: a passive state machine the driver calls
// (model/README.md, "The coordinator", rules 1-13; the original's
// migration.rs). Its migration records are what the task store keeps: they
// survive an orchestrator crash. The in-flight tracking is memory only and
// shared by every migration.
//
// Port notes (original behaviour kept on purpose):
// - validate_safety is a hard refusal in BeginMigration; allow_unsafe
//   bypasses it only so a scenario can measure the unsafe configuration.
// - A shard whose copy finished is no longer dual-written while others copy.
// - CompleteDrain never waits: it reports the pending count; the driver waits.
// - Delta candidates only decide whether a delta pass runs (unless the
//   driver copies candidates only, delta_scope: candidates).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/inflight.h"
#include "sim/result.h"

namespace model {

enum class ShardState : std::uint8_t {
  kNotAffected,
  kPending,
  kMigrating,
  kMigrationComplete,
  kDraining,
  kDeltaPass,
  kActive,
  kFailed,
};
const char* ShardStateName(ShardState state);

struct CoordinatorError {
  enum class Kind : std::uint8_t {
    kUnsafeCutoverNoAntiEntropy,
    kDrainTimeout,
    kInvalidTransition,
    kNotFound,
  };
  explicit CoordinatorError(Kind error_kind, std::uint32_t error_shard = 0,
                            std::string error_detail = {})
      : kind(error_kind), shard(error_shard), detail(std::move(error_detail)) {}

  Kind kind;
  std::uint32_t shard = 0;
  std::string detail;                // kInvalidTransition: the state or phase found
  std::uint32_t writes_pending = 0;  // kDrainTimeout
  std::string Message() const;       // the original's wording
  const char* KindName() const;      // the original's variant: "DrainTimeout"
};

// One migration as the task store keeps it.
struct MigrationRecord {
  std::uint32_t id = 0;
  std::uint32_t source = 0;  // index in ModelConfig::migrations
  NodeIndex new_node = 0;
  std::uint32_t group = 0;
  Phase phase = Phase::kComputingAssignments;
  CoordinatorSettings settings;
  std::vector<ShardState> shards;     // indexed by shard; kNotAffected if not moved
  std::vector<NodeIndex> old_owners;  // indexed by shard
  std::vector<std::uint64_t> docs_copied;
  std::uint32_t in_flight_at_cutover = 0;  // tracked writes (all) when its shards began draining
  bool completed = false;                  // cleanup done, as the original's completed_at
  std::string failure;                     // set when phase is kFailed
  bool affects(std::uint32_t shard) const { return shards[shard] != ShardState::kNotAffected; }
};

// A shard's state as the original displays it, counters included:
// "migrating(0 copied, 0 pages left)", "draining(2 in-flight, 100 copied)".
std::string ShardText(const MigrationRecord& migration, std::uint32_t shard);

class PhaseListener {
 public:
  virtual ~PhaseListener() = default;
  virtual void OnPhase(const MigrationRecord& migration) = 0;
  virtual void OnShardState(const MigrationRecord& migration, std::uint32_t shard) = 0;
  // validate_safety refused the migration configured at `source`: it never starts.
  virtual void OnRefused(std::uint32_t source, const std::string& reason) = 0;
  // The driver of the migration configured at `source` gave up on a drain
  // that never settles (drain_retries timeouts): the run ends `stuck`.
  virtual void OnStuck(std::uint32_t /*source*/, const std::string& /*reason*/) {}
};

// What a coordinator call expects of the migration it names: to be in
// `phase` (named `phase_name`, in the original's CamelCase), or `shard` to be
// in it and in `shard_state`. Nothing: only that the migration exists.
struct CallExpectation {
  std::optional<Phase> phase = std::nullopt;
  const char* phase_name = "";
  std::uint32_t shard = 0;
  std::optional<ShardState> shard_state = std::nullopt;
};

class Coordinator {
 public:
  using Error = CoordinatorError;
  using Expect = CallExpectation;
  template <typename T>
  using Result = sim::Result<T, Error>;

  Coordinator(std::uint32_t shards, InFlight& inflight, PhaseListener& listener);

  // validate_safety: refuses skipping the delta pass with the coordinator's
  // anti-entropy flag off.
  static Result<sim::Ok> ValidateSafety(const CoordinatorSettings& settings);

  // REQUIRES: old_owners has an entry for every moved shard (others ignored).
  Result<std::uint32_t> BeginMigration(std::uint32_t source, const CoordinatorSettings& settings,
                                       NodeIndex new_node, std::uint32_t group,
                                       const std::map<std::uint32_t, NodeIndex>& old_owners,
                                       bool bypass_safety);
  Result<sim::Ok> BeginDualWrite(std::uint32_t id);
  Result<sim::Ok> ShardMigrationComplete(std::uint32_t id, std::uint32_t shard, std::uint64_t docs);
  Result<Phase> BeginCutover(std::uint32_t id);
  // Next phase on success: kCutoverDeltaPass or kCutoverCleanup (after activation).
  // `candidates` receives the delta candidates' doc ids per shard.
  Result<Phase> CompleteDrain(std::uint32_t id,
                              std::map<std::uint32_t, std::vector<DocId>>* candidates = nullptr);
  Result<sim::Ok> ShardDeltaComplete(std::uint32_t id, std::uint32_t shard, std::uint64_t docs);
  Result<sim::Ok> CompleteCleanup(std::uint32_t id);
  // The driver gave up (not in the original, which has no failure path).
  void Fail(std::uint32_t id, std::string reason);

  // Original: true only in dual_write_migrating and while that shard is migrating.
  bool IsDualWriteActive(std::uint32_t shard) const;
  // The new nodes dual-written for this shard: as is_dual_write_active
  // decides, or, for a migration with dual_write_until: cutover, while it
  // copies or waits for the cutover and the shard is migrating or copied.
  NodeMask DualWriteTargets(std::uint32_t shard) const;
  // The migration that tracks writes to this shard (from dual_write_migrating,
  // or from computing_assignments with track_from: begin, up to activation,
  // shard not yet active), or nullptr.
  const MigrationRecord* Tracking(std::uint32_t shard) const;
  // The migration holding this shard in cutover (draining up to activation).
  const MigrationRecord* InCutover(std::uint32_t shard) const;

  const MigrationRecord& migration(std::uint32_t id) const { return migrations_[id]; }
  std::size_t migration_count() const { return migrations_.size(); }
  InFlight& inflight() { return inflight_; }

 private:
  // The migration `id`, or the original's error when it does not exist or
  // is not where `expect` says (checked in that order).
  Result<MigrationRecord*> Find(std::uint32_t id, const Expect& expect = Expect());
  static Error WrongState(const MigrationRecord& m, std::uint32_t shard);
  void Enter(MigrationRecord& m, Phase phase);
  void Set(MigrationRecord& m, std::uint32_t shard, ShardState state);
  void Activate(MigrationRecord& m);
  bool All(const MigrationRecord& m, ShardState state) const;

  std::uint32_t shards_;
  InFlight& inflight_;
  PhaseListener& listener_;
  std::vector<MigrationRecord> migrations_;  // the task store; id = index
};

}  // namespace model
