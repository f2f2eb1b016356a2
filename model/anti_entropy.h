// model/anti_entropy.h
//
// The anti-entropy reconciler (model/README.md, "The anti-entropy
// reconciler"): scheduled passes over the shards (all, or the first
// shards_per_pass, as the original always scans the same prefix). Per shard,
// over the replicas that own it now in every group: fingerprint each
// replica, compare per-bucket digests, list the documents of the divergent
// buckets, and repair: the highest updated_at wins (a tie goes to the
// earlier replica, the reference), and the winner is written to every
// replica that lacks it or holds an older version, with origin antientropy.
// It cannot tell a missed delete from a missed put, and can repair only from
// a replica that still holds the document. With auto_repair off it only
// counts. It lives in the orchestrator: a crash abandons the pass in
// progress.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/coordinator.h"
#include "model/world.h"
#include "sim/result.h"

namespace model {

// The original's guard against a migration (anti_entropy.rs,
// validate_migration_safety): it refuses skipping the delta pass when the
// reconciler itself is disabled, whatever the migration's own flag says.
sim::Result<sim::Ok, CoordinatorError> ValidateMigrationSafety(
    const AntiEntropyConfig& anti_entropy, const CoordinatorSettings& migration);

// The original's warning while the reconciler is disabled (anti_entropy.rs,
// migration_warning_if_ae_disabled), or nothing when it is enabled.
std::optional<std::string> MigrationWarningIfAntiEntropyDisabled(bool enabled);

class AntiEntropy {
 public:
  static constexpr Time kShardPause = 100 * sim::kMillisecond;  // the original sleeps 100 ms

  explicit AntiEntropy(World& world);

  // Arms the pass timer for the first of first_pass + k * interval (k >= 0)
  // after now; nothing when disabled. REQUIRES: interval > 0; one call per
  // orchestrator life (at boot, after each restart), as each call adds a timer.
  void Schedule();
  // The orchestrator crashed: drops the stage in progress and makes this
  // life's timers and replies stale.
  void Crash();
  // A pass timer starts a pass unless one still runs, then re-arms; a stage
  // timer ends the stage with the replicas that answered; a pause timer moves
  // on to the next shard. A stale tag does nothing.
  void OnTimer(std::uint64_t tag);
  // A replica's answer to the stage in progress; the stage ends when every
  // replica asked has answered. A stale or repeated answer is ignored.
  void OnReply(const sim::Message& message);

 private:
  enum class Stage : std::uint8_t { kIdle, kFingerprint, kBuckets, kRepair };
  struct Replica {
    NodeIndex node;
    bool answered = false;
    std::uint64_t root = 0;
    std::uint32_t slot = 0;  // digests, then the listed documents
  };

  void StartPass();
  void NextShard();
  void Ask(Stage stage);
  void OnStageDone();
  void CompareBuckets();
  void Repair();

  World& world_;
  std::uint32_t epoch_ = 0;     // bumped by a crash: the pass timer of a dead life is stale
  std::uint32_t sequence_ = 0;  // the stage in progress
  Stage stage_ = Stage::kIdle;
  std::uint32_t shard_ = 0;
  std::uint32_t shard_end_ = 0;
  std::uint32_t waiting_ = 0;
  std::vector<Replica> replicas_;
};

}  // namespace model
