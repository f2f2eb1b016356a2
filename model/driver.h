// model/driver.h
//
// The rebalancer that drives one migration through the coordinator, as the
// runbook describes: begin, (after dual_write_delay) dual-write, copy each
// shard page by page from the
// old owner to the new node, cutover, wait for the drain (at most
// drain_timeout, then fail the stuck writes or abort), complete the drain,
// run the delta pass if the coordinator asks for one, activate, delete each
// moved shard from its old owner, complete. Every page read and write travels
// the network: a failure or timeout is retried after page_interval, and
// a step that still fails after limits.page_retries retries (page_retries + 1
// failures in a row) fails the migration.
//
// Its progress within a step is memory only; the coordinator's record is the
// task store. After an orchestrator crash, Resume() redoes the step of the
// persisted phase from its start.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "model/coordinator.h"
#include "model/router.h"
#include "model/world.h"

namespace model {

// The shards the migration `c` moves to `new_node` under the routing in
// force, each with the owner it displaces.
std::map<std::uint32_t, NodeIndex> MovedShards(const World& world, const MigrationConfig& c,
                                               NodeIndex new_node);

class Driver {
 public:
  static constexpr Time kDrainPoll = sim::kMillisecond;

  // Drives the migration of the node that migration `source` of the config
  // adds: of every shard it takes, or of `shard` only (split: per_shard).
  // REQUIRES: index < 2^20 (its token index shares bits with the wake flag);
  // index is this driver's place in the orchestrator's list.
  Driver(World& world, Coordinator& coordinator, Router& router, PhaseListener& listener,
         std::uint32_t source, std::uint32_t index, NodeIndex new_node,
         std::optional<std::uint32_t> shard);

  // The migration's start time has come. REQUIRES: the orchestrator is up.
  // Begins the migration once; a refusal sets refused() and tells the listener.
  void Start();
  // As Start(), at the next instant (from inside a coordinator call).
  void StartSoon();
  // The orchestrator restarted: redoes the persisted phase's step from its
  // start, or begins a migration whose start came but which never began.
  void Resume();
  // The orchestrator crashed: forgets the step in progress, so every reply and
  // timer of it is stale. id() and refused() survive (the task store).
  void Crash();
  // A node's answer to this driver's request; a stale one is ignored.
  // REQUIRES: type is kPageData, kCopyReply or kDeleteReply.
  void OnReply(const sim::Message& message);
  // A wake redoes the interrupted step; a request timeout counts as a failure
  // (page_retries + 1 in a row fail the migration). A stale tag does nothing.
  void OnTimer(std::uint64_t tag);

  // True once the coordinator accepted the migration (durable).
  bool started() const { return id_.has_value(); }
  // True if the coordinator refused to begin it; Start() then does nothing.
  bool refused() const { return refused_; }
  // The coordinator's migration id; set iff started(). After recovery:
  // restart, the migration begun again.
  std::optional<std::uint32_t> id() const { return id_; }
  std::uint32_t source() const { return source_; }

 private:
  enum class Wait : std::uint8_t { kNone, kReply, kWake };
  enum class Doing : std::uint8_t { kNothing, kRead, kWrite, kDelete };
  struct Cursor {
    std::uint32_t shard = UINT32_MAX;
    std::uint64_t offset = 0;
    std::uint64_t docs = 0;     // read and written for this shard
    std::uint64_t applied = 0;  // applied by the new node for this shard
  };

  void Advance();
  void Begin();
  void NextCopy(ShardState wanted);
  void TryDrain();
  void NextCleanup();
  void OnPage(std::uint32_t count);
  void OnCopied(bool ok, std::uint64_t applied);
  void ShardDone();
  void Retry(const char* what);
  void RetryDrain(const CoordinatorError& error);
  void FailMigration(std::string reason);
  template <typename T>
  void Check(const sim::Result<T, CoordinatorError>& result);

  void Request(NodeIndex node, std::uint32_t type, std::uint64_t w1, std::uint64_t w2,
               std::uint64_t w3);
  void Wake(Time delay);
  std::uint64_t Tag(bool wake) const;
  const MigrationRecord& record() const { return coordinator_.migration(*id_); }
  const MigrationConfig& config() const { return world_.config.migrations[source_]; }

  World& world_;
  Coordinator& coordinator_;
  Router& router_;
  PhaseListener& listener_;
  std::uint32_t source_;
  std::uint32_t index_;
  NodeIndex new_node_;
  std::optional<std::uint32_t> shard_;  // the one shard it moves, or every one
  std::optional<std::uint32_t> id_;     // durable: the task store names the migration
  bool due_ = false;                    // its start came (the rebalancer's schedule)
  bool refused_ = false;
  bool stuck_ = false;               // gave up on the drain: the run's end
  std::uint32_t drain_retries_ = 0;  // drain timeouts that the retry did not clear

  // Memory only.
  Wait wait_ = Wait::kNone;
  Doing doing_ = Doing::kNothing;
  bool assigning_ = false;  // waiting dual_write_delay in computing_assignments
  std::uint32_t sequence_ = 0;
  std::uint32_t failures_in_a_row_ = 0;
  Cursor cursor_;
  std::uint32_t slot_ = UINT32_MAX;  // payload slot of the page in hand
  Time drain_start_ = -1;
  std::map<std::uint32_t, std::vector<DocId>> candidates_;
};

}  // namespace model
