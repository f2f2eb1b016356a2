// The write path (model/router.h): per-group quorum floor(RF/2)+1, the
// client-success rule (acknowledged if any group reached quorum), the ack
// rule (any_reply or success_only) and what happens to a write that reaches
// a shard in cutover (hold, reject, route_old). The router needs a whole
// world (nodes, network, coordinator), so each test runs a small simulation
// through RunModel and reads the client outcomes and the checker's figures.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/run.h"
#include "tests/model/faults.h"

namespace model {
namespace {

using testing::WriteFailures;

constexpr std::uint64_t kWrites = 2'000;

// No migration: only the write path is exercised. A short request timeout
// lets writes to an unreachable owner resolve quickly.
ModelConfig WritesOnly(std::vector<std::vector<std::string>> groups, std::uint32_t rf) {
  ModelConfig c;
  c.name = "router";
  c.cluster.shards = 8;
  c.cluster.replication_factor = rf;
  c.cluster.groups = std::move(groups);
  c.migrations.clear();
  c.workload.preload = 0;
  c.workload.writes = kWrites;
  c.workload.key_space = 10'000;
  c.network.request_timeout = 100 * sim::kMillisecond;
  c.run.until = {std::nullopt, 2 * sim::kSecond};
  return c;
}

Crash CrashedForTheWholeRun(const std::string& node) {
  Crash f;
  f.target = node;
  f.at = {std::nullopt, 0};
  f.restart_after = sim::kForever;
  return f;
}

Partition CutFromTheOrchestrator(std::vector<std::string> nodes) {
  Partition f;
  f.side_a = {"orchestrator"};
  f.side_b = std::move(nodes);
  f.at = {std::nullopt, 0};
  f.duration = sim::kForever;
  return f;
}

TEST(Router, OneGroupReachingQuorumAcknowledgesWhileTheOtherGroupsOnlyNodeIsDown) {
  ModelConfig c = WritesOnly({{"a-0"}, {"b-0"}}, 1);
  c.faults = {CrashedForTheWholeRun("b-0")};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.writes.submitted, kWrites);
  EXPECT_EQ(r.writes.acked, kWrites);
  EXPECT_EQ(r.writes.failed, 0u);
  EXPECT_EQ(r.writes.unknown, 0u);
  // Every acknowledged document sits in group a only.
  EXPECT_GT(r.at_end.acked_docs, 0u);
  EXPECT_EQ(r.at_end.divergent, r.at_end.acked_docs);
  EXPECT_EQ(r.at_end.lost, 0u);
}

TEST(Router, NoGroupReachingQuorumFailsEveryWrite) {
  ModelConfig c = WritesOnly({{"a-0"}, {"b-0"}}, 1);
  c.faults = {CrashedForTheWholeRun("a-0"), CrashedForTheWholeRun("b-0")};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.writes.acked, 0u);
  EXPECT_EQ(r.writes.failed, kWrites);  // a timeout is a failure, not an unknown
  EXPECT_EQ(r.at_end.acked_docs, 0u);
  EXPECT_EQ(r.cdc.events, 0u);
}

TEST(Router, ThreeReplicaGroupAcknowledgesWithOneOfThreeOwnersCutOff) {
  ModelConfig c = WritesOnly({{"n-0", "n-1", "n-2"}}, 3);
  c.faults = {CutFromTheOrchestrator({"n-0"})};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.writes.acked, kWrites);  // quorum 2 of 3
  EXPECT_EQ(r.writes.failed, 0u);
  EXPECT_GT(r.at_end.acked_docs, 0u);
  EXPECT_EQ(r.at_end.divergent, r.at_end.acked_docs);  // n-0 never got them
}

TEST(Router, ThreeReplicaGroupFailsWritesWithTwoOfThreeOwnersCutOff) {
  ModelConfig c = WritesOnly({{"n-0", "n-1", "n-2"}}, 3);
  c.faults = {CutFromTheOrchestrator({"n-0", "n-1"})};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.writes.acked, 0u);  // n-2 alone is 1 < quorum 2
  EXPECT_EQ(r.writes.failed, kWrites);
  EXPECT_EQ(r.at_end.lost, 0u);  // failed writes are never counted as lost
}

TEST(Router, TwoReplicaGroupNeedsBothOwnersForQuorum) {
  // floor(2/2)+1 = 2: a simple majority rounded down would accept one reply.
  ModelConfig c = WritesOnly({{"n-0", "n-1"}}, 2);
  c.faults = {CutFromTheOrchestrator({"n-1"})};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.writes.acked, 0u);
  EXPECT_EQ(r.writes.failed, kWrites);
}

TEST(Router, AnyReplyAcknowledgesWritesThatFailedOnTheOnlyOwner) {
  ModelConfig c = WritesOnly({{"n-0"}}, 1);
  c.router.ack = AckRule::kAnyReply;
  c.faults = {WriteFailures("n-0", 1.0)};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.writes.acked, kWrites);
  EXPECT_EQ(r.writes.failed, 0u);
  // Acknowledged and stored nowhere: every acknowledged document is lost,
  // none destroyed (no replica ever held it), and no node emitted a change.
  EXPECT_GT(r.at_end.acked_docs, 0u);
  EXPECT_EQ(r.at_end.lost, r.at_end.acked_docs);
  EXPECT_EQ(r.destroyed.destroyed, 0u);
  EXPECT_EQ(r.cdc.events, 0u);
  EXPECT_EQ(r.cdc.missing, kWrites);
}

// Two nodes, writes to shard 1 only, every 10th write failing on n-1.
ModelConfig PatternOnShardOne(const std::string& owner) {
  ModelConfig c = WritesOnly({{"n-0", "n-1"}}, 1);
  c.router.ack = AckRule::kSuccessOnly;
  c.workload.shards = {1};
  c.cluster.placement = {{"n-0"}, {owner}};
  WriteFailure f = WriteFailures("n-1", 0);
  f.every = 10;
  f.offset = 3;
  c.faults = {f};
  return c;
}

TEST(WriteFailurePattern, EveryTenthClientWriteFailsOnTheNodeThatOwnsTheOnlyShardWritten) {
  const RunResult r = RunModel(PatternOnShardOne("n-1"));
  EXPECT_EQ(r.writes.submitted, kWrites);
  EXPECT_EQ(r.writes.failed, kWrites / 10);  // writes 3, 13, 23, ... of the node
}

TEST(Placement, PinsTheOwnerSoTheOtherNodesFailuresNeverMeetTheWrites) {
  const RunResult r = RunModel(PatternOnShardOne("n-0"));
  EXPECT_EQ(r.writes.submitted, kWrites);
  EXPECT_EQ(r.writes.failed, 0u);
}

TEST(Router, SuccessOnlyFailsWritesThatFailedOnTheOnlyOwner) {
  ModelConfig c = WritesOnly({{"n-0"}}, 1);
  c.router.ack = AckRule::kSuccessOnly;
  c.faults = {WriteFailures("n-0", 1.0)};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.writes.acked, 0u);
  EXPECT_EQ(r.writes.failed, kWrites);
  EXPECT_EQ(r.cdc.events, 0u);
  EXPECT_EQ(r.at_end.acked_docs, 0u);
  EXPECT_EQ(r.at_end.lost, 0u);
}

// Every shard moves to new-3 and the delta pass always runs, so the cutover
// window (draining up to activation) lasts long enough for a burst that
// starts with cutover_draining to land inside it, every write of it on a
// shard in cutover. No other client writes.
constexpr std::uint64_t kBurst = 300;

ModelConfig BurstInCutover(CutoverWrites rule) {
  ModelConfig c;
  c.name = "cutover-writes";
  c.cluster.shards = 8;
  c.workload.preload = 2'000;
  c.workload.key_space = 2'000;
  c.workload.writes = 0;
  c.workload.bursts = {BurstConfig{{Phase::kCutoverDraining, 0}, kBurst, sim::kMillisecond}};
  MigrationConfig& m = c.migrations[0];
  m.move = MoveKind::kAll;
  m.coordinator.delta_trigger = DeltaTrigger::kAlways;
  m.page_size = 100;
  m.page_interval = 10 * sim::kMillisecond;
  m.cutover_writes = rule;
  c.run.until = {std::nullopt, 10 * sim::kSecond};
  return c;
}

TEST(Router, HoldAnswersCutoverWritesOnlyAfterActivation) {
  ModelConfig c = BurstInCutover(CutoverWrites::kHold);
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.counters.held_writes, kBurst);
  EXPECT_EQ(r.counters.rejected_writes, 0u);
  EXPECT_EQ(r.writes.submitted, kBurst);
  EXPECT_EQ(r.writes.acked, kBurst);
  EXPECT_EQ(r.at_end.lost, 0u);

  // Stop the run the instant the migration activates: none has been answered.
  c.run.until = {Phase::kCutoverActivate, 0};
  const RunResult at_activation = RunModel(c);
  EXPECT_EQ(at_activation.counters.held_writes, kBurst);
  EXPECT_EQ(at_activation.writes.acked, 0u);
  EXPECT_EQ(at_activation.writes.unknown, kBurst);
}

TEST(Router, RejectFailsCutoverWritesAndLosesNone) {
  const RunResult r = RunModel(BurstInCutover(CutoverWrites::kReject));
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.counters.rejected_writes, kBurst);
  EXPECT_EQ(r.counters.held_writes, 0u);
  EXPECT_EQ(r.writes.failed, kBurst);
  EXPECT_EQ(r.writes.acked, 0u);
  EXPECT_EQ(r.writes.unknown, 0u);
  EXPECT_EQ(r.cdc.events, 0u);
  EXPECT_EQ(r.at_end.lost, 0u);
}

TEST(Router, RouteOldAnswersCutoverWritesBeforeActivationWithoutHoldingOrRejecting) {
  ModelConfig c = BurstInCutover(CutoverWrites::kRouteOld);
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.counters.held_writes, 0u);
  EXPECT_EQ(r.counters.rejected_writes, 0u);
  EXPECT_EQ(r.writes.acked, kBurst);

  c.run.until = {Phase::kCutoverActivate, 0};
  const RunResult at_activation = RunModel(c);
  EXPECT_EQ(at_activation.writes.acked, kBurst);  // the old owners answered already
  EXPECT_EQ(at_activation.writes.unknown, 0u);
}

}  // namespace
}  // namespace model
