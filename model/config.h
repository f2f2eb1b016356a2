// model/config.h
//
// The plain configuration of one run of the system under test. The YAML
// loader (tools/) fills it; the model never sees YAML, flags or files. Every
// default here is the default of the scenario format (README.md, "Scenario
// files"), and every name follows model/README.md. Nodes are named; faults
// and migrations refer to them by name, and the loader has checked that
// every name exists.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/fault_kinds.h"
#include "model/key_list.h"
#include "model/phase.h"
#include "sim/fault.h"
#include "sim/network.h"
#include "sim/time.h"

namespace model {

using sim::Time;

// What a node's store does with a put of a document it already holds (the
// knob cluster.node_apply).
enum class NodeApply : std::uint8_t {
  kReplace,  // the original: the last arrival replaces it (documents.rs:112-126)
  kNewest,   // keep the highest updated_at, a tie to the later arrival (the plan's intent)
};

struct ClusterConfig {
  std::uint32_t shards = 16;
  NodeApply node_apply = NodeApply::kReplace;
  std::uint32_t replication_factor = 1;
  std::vector<std::vector<std::string>> groups = {{"old-0", "old-1", "old-2"}};
  // Owners by shard where a scenario pins them (empty: rendezvous hashing).
  // In each group a shard's listed nodes of that group replace its owners.
  std::vector<std::vector<std::string>> placement;
};

enum class MoveKind : std::uint8_t { kHrw, kAll, kList };
enum class DeltaTrigger : std::uint8_t { kCandidates, kAlways };
enum class CutoverWrites : std::uint8_t { kHold, kReject, kRouteOld };
enum class DrainTimeoutAction : std::uint8_t { kFailStuck, kAbort };
enum class DeltaScope : std::uint8_t { kShard, kCandidates };
// What the driver does after an orchestrator crash (the knob migrations[].recovery).
enum class Recovery : std::uint8_t {
  kResume,   // redo the step of the persisted phase; the in-flight list is lost (the plan's task
             // store)
  kRestart,  // fail the migration and begin it again, as the original's crash test does
  kAbandon,  // leave it failed
};

// When a tracked write counts as settled (the knob migrations[].drain_settle).
enum class DrainSettle : std::uint8_t {
  // The original's rule (migration.rs, is_drained): |completed| + |failed|
  // == |targets|, counting any node's outcome, a node both acked and failed
  // twice. A write with more outcomes than targets never settles, yet is not
  // counted as pending either (the original's "0 in-flight writes").
  kCount,
  // Every target has an outcome; outcomes of non-targets are ignored.
  kPerTarget,
};

// Until when a moved shard is dual-written (the knob migrations[].dual_write_until).
enum class DualWriteUntil : std::uint8_t {
  kShardComplete,  // the coordinator's rule 12: a shard done copying stops being dual-written
  kCutover,        // every affected shard until cutover begins (plan.md:222-224, the harness)
};

// How the rebalancer splits one node addition into coordinator migrations
// (the knob migrations[].split).
enum class Split : std::uint8_t {
  kNone,      // one migration for every shard the node takes (the seed report's reading)
  kPerShard,  // one migration per shard, as the newer rebalancer starts them
};

// When the migrations of a split node addition begin (the knob migrations[].copy).
enum class CopyOrder : std::uint8_t {
  kSequential,  // each when the previous one completes, in shard id order
  kParallel,    // all at once
};

// Which client writes the in-flight list tracks (the knob migrations[].track_from).
enum class TrackFrom : std::uint8_t {
  kDualWrite,  // from begin_dual_write on (the router's rule)
  kBegin,      // from begin_migration on, as the original's harness registers them
};

// What the coordinator of one migration is configured with (the original's
// MigrationConfig).
struct CoordinatorSettings {
  Time drain_timeout = 30 * sim::kSecond;
  bool skip_delta_pass = false;
  bool anti_entropy_enabled = true;  // the coordinator's own flag, not the reconciler's
  DeltaTrigger delta_trigger = DeltaTrigger::kCandidates;
  // The in-flight list is the coordinator's, shared by every migration: the
  // loader requires every migration to name the same rule.
  DrainSettle drain_settle = DrainSettle::kCount;
  // A reading of the driver that the coordinator's dual-write query honours;
  // is_dual_write_active itself (IsDualWriteActive) keeps rule 12.
  DualWriteUntil dual_write_until = DualWriteUntil::kShardComplete;
  // Likewise for the router's query of which writes to track.
  TrackFrom track_from = TrackFrom::kDualWrite;
};

// One migration: a node joins a group and takes shards, driven by the
// rebalancer (model/driver.h) through a coordinator with `coordinator`'s settings.
struct MigrationConfig {
  std::string add_node = "new-3";
  std::uint32_t group = 0;
  MoveKind move = MoveKind::kHrw;
  std::vector<std::uint32_t> move_shards;  // kList
  TimePointConfig start{std::nullopt, sim::kSecond};
  std::uint32_t page_size = 1000;
  Time page_interval = sim::kMillisecond;
  CoordinatorSettings coordinator;
  // Drain timeouts after which a drain that still does not settle ends the
  // run as `stuck` (the runbook: mark stuck writes failed, retry the cutover).
  std::uint32_t drain_retries = 10;
  Recovery recovery = Recovery::kResume;
  Split split = Split::kNone;
  CopyOrder copy = CopyOrder::kSequential;  // with split: per_shard
  // Time from begin_migration to begin_dual_write (computing assignments).
  Time dual_write_delay = 0;
  bool allow_unsafe = false;
  CutoverWrites cutover_writes = CutoverWrites::kHold;
  DrainTimeoutAction on_drain_timeout = DrainTimeoutAction::kFailStuck;
  DeltaScope delta_scope = DeltaScope::kShard;
};

struct AntiEntropyConfig {
  bool enabled = true;
  Time interval = 6 * sim::kHour;
  Time first_pass = 6 * sim::kHour;
  std::uint32_t shards_per_pass = 0;  // 0: all shards
  std::uint32_t fingerprint_batch_size = 1000;
  std::uint32_t buckets = 256;
  bool auto_repair = true;
  // The original's fields the model carries but does not act on: its passes
  // run on `interval`, one shard at a time, stamped in updated_at.
  std::string schedule_cron = "0 */6 * * *";
  std::uint32_t max_read_concurrency = 2;
  std::string updated_at_field = "_miroir_updated_at";
};

enum class AckRule : std::uint8_t { kAnyReply, kSuccessOnly };

struct RouterConfig {
  AckRule ack = AckRule::kAnyReply;
};

struct NetworkModelConfig {
  sim::LatencyModel latency{sim::LatencyModel::Kind::kExponential, sim::kMillisecond, 0};
  double drop = 0.0;
  Time request_timeout = 5 * sim::kSecond;
};

enum class KeyDistribution : std::uint8_t { kUniform, kZipf };

struct BurstConfig {
  TimePointConfig at;
  std::uint64_t writes = 0;
  Time over = sim::kMillisecond;
};

struct WorkloadConfig {
  std::uint64_t preload = 10'000;
  std::uint64_t writes = 100'000;
  double rate = 10'000;  // per second, Poisson arrivals
  TimePointConfig start;
  std::uint64_t key_space = 200'000;
  // workload.keys.file: the file as the scenario names it, and its keys
  // (then key_space is their number). Shared: a sweep's runs read it once.
  std::string key_file;
  std::shared_ptr<const KeyList> key_list;
  KeyDistribution key_distribution = KeyDistribution::kUniform;
  double zipf_s = 1.1;
  double deletes = 0.0;  // share of operations that are deletes
  std::uint32_t batch = 1;
  std::uint32_t client_retries = 0;
  std::vector<BurstConfig> bursts;
  // Writes (and the preload) touch only the documents of these shards;
  // empty: every shard.
  std::vector<std::uint32_t> shards;
};

struct RunConfig {
  TimePointConfig until{std::nullopt, 7 * sim::kHour};
  // Events the run may process; past them it ends with outcome `budget`,
  // at the same event in every build (a deterministic bound, not a clock).
  std::uint64_t max_events = 2'000'000'000;
};

// Safety limits, checked at load as user errors and at run time as asserts.
struct Limits {
  std::uint64_t key_space_max = std::uint64_t{1} << 63;
  std::uint64_t operations_max = 200'000'000;
  std::uint32_t nodes_max = 64;
  std::uint32_t shards_max = 65'536;
  // Migrations the rebalancer may begin (each one per shard with split:
  // per_shard); a driver's index shares its token's 24 bits with a flag.
  std::uint32_t drivers_max = (1u << 20) - 1;
  std::uint32_t page_retries =
      10;  // a page step that still fails after this many retries fails the migration
};

struct ModelConfig {
  std::string name;
  std::uint64_t seed = 1;
  ClusterConfig cluster;
  std::vector<MigrationConfig> migrations = {MigrationConfig{}};
  AntiEntropyConfig anti_entropy;
  RouterConfig router;
  NetworkModelConfig network;
  WorkloadConfig workload;
  std::vector<FaultConfig> faults;
  RunConfig run;
  Limits limits;
  bool keep_trace = false;  // keep every event for --trace / --events
  // Documents whose story the run records (explain); recording changes
  // nothing of the run.
  std::vector<std::uint64_t> watch_docs;
};

}  // namespace model
