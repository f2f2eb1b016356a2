// The driver (model/driver.h), the rebalancer that walks one migration
// through the coordinator over the network: the background copy, the phase
// order, the page retry limit, the delta pass's scope and the drain timeout.
// The driver needs a whole world, so each test runs a small simulation; with
// keep_trace the phase records and message deliveries of the run are read
// back from the trace.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/keyspace.h"
#include "model/messages.h"
#include "model/routing.h"
#include "model/run.h"
#include "tests/model/faults.h"

namespace model {
namespace {

using testing::DualWriteFailures;
using testing::WriteFailures;

constexpr std::uint32_t kShards = 8;
constexpr std::uint64_t kDocs = 3'000;

// Every key exists from the preload; no client writes unless a test adds
// them. The migration starts at 1 s and adds new-3 to the one group.
ModelConfig PreloadOnly() {
  ModelConfig c;
  c.name = "driver";
  c.cluster.shards = kShards;
  c.workload.preload = kDocs;
  c.workload.key_space = kDocs;
  c.workload.writes = 0;
  MigrationConfig& m = c.migrations[0];
  m.page_size = 100;
  m.page_interval = 10 * sim::kMillisecond;
  // These tests are about other behaviour; they read the drain per target
  // (with the original's count rule a rewritten key that failed on the new
  // node never settles: DrainSettleKnob.* shows it).
  m.coordinator.drain_settle = DrainSettle::kPerTarget;
  c.run.until = {std::nullopt, 10 * sim::kSecond};
  c.keep_trace = true;
  return c;
}

// Every shard moves while writes arrive (t=0 to about 2.5 s) and 5% of
// new-3's writes fail while it is dual-written: the delta pass has candidates.
ModelConfig WithWritesAndCandidates() {
  ModelConfig c = PreloadOnly();
  c.migrations[0].move = MoveKind::kAll;
  c.workload.key_space = 2 * kDocs;
  c.workload.writes = 5'000;
  c.workload.rate = 2'000;
  c.faults = {DualWriteFailures("new-3", 0.05)};
  return c;
}

std::vector<Phase> Phases(const RunResult& r) {
  std::vector<Phase> phases;
  for (const sim::TraceRecord& t : r.trace) {
    if (t.kind == static_cast<std::uint32_t>(ModelRecord::kPhase)) {
      phases.push_back(static_cast<Phase>(t.a));
    }
  }
  return phases;
}

// When the migration first entered `phase`, or -1.
Time Entered(const RunResult& r, Phase phase) {
  for (const sim::TraceRecord& t : r.trace) {
    if (t.kind == static_cast<std::uint32_t>(ModelRecord::kPhase) &&
        static_cast<Phase>(t.a) == phase) {
      return t.at;
    }
  }
  return -1;
}

// Messages of `type` delivered to processes whose name starts with `prefix`
// in [from, until).
std::uint64_t Delivered(const RunResult& r, const std::string& prefix, MessageType type, Time from,
                        Time until) {
  std::uint64_t count = 0;
  for (const sim::TraceRecord& t : r.trace) {
    if (t.kind != static_cast<std::uint32_t>(sim::EventKind::kDeliver)) continue;
    if (t.at < from || t.at >= until || (t.a & 0xFFFFFFFF) != type) continue;
    if (r.process_names.at(t.subject).starts_with(prefix)) ++count;
  }
  return count;
}

TEST(Driver, CopiesExactlyTheDocumentsOfTheShardsRendezvousMovesWhenNoWritesArrive) {
  const ModelConfig c = PreloadOnly();
  ASSERT_EQ(c.migrations[0].move, MoveKind::kHrw);
  // The shards where new-3 wins the group's top-1 by rendezvous.
  std::vector<std::string> nodes = c.cluster.groups[0];
  nodes.push_back("new-3");
  const Keyspace keys(kDocs, kShards);
  std::uint64_t expected = 0;
  std::uint32_t moved = 0;
  for (std::uint32_t shard = 0; shard < kShards; ++shard) {
    if (OwnersInGroup(shard, nodes, 1).front() != 3) continue;
    expected += keys.AllOf({shard}).size();
    ++moved;
  }
  ASSERT_GT(moved, 0u);
  ASSERT_LT(moved, kShards);
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.counters.migrated_docs, expected);
  EXPECT_EQ(r.counters.delta_docs, 0u);
  EXPECT_EQ(r.at_end.acked_docs, kDocs);
  EXPECT_EQ(r.at_end.lost, 0u);
}

TEST(Driver, CopiesExactlyTheDocumentsOfTheListedShards) {
  ModelConfig c = PreloadOnly();
  c.migrations[0].move = MoveKind::kList;
  c.migrations[0].move_shards = {1, 4, 6};
  const Keyspace keys(kDocs, kShards);
  const std::uint64_t expected = keys.AllOf({1, 4, 6}).size();
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.counters.migrated_docs, expected);
  EXPECT_EQ(r.at_end.lost, 0u);
}

TEST(Driver, WithoutCandidatesPhasesRunInOrderAndSkipTheDeltaPass) {
  const RunResult r = RunModel(PreloadOnly());
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  ASSERT_FALSE(r.trace_truncated);
  const std::vector<Phase> expected = {Phase::kComputingAssignments,
                                       Phase::kDualWriteMigrating,
                                       Phase::kCutoverBegin,
                                       Phase::kCutoverDraining,
                                       Phase::kCutoverActivate,
                                       Phase::kCutoverCleanup,
                                       Phase::kComplete};
  EXPECT_EQ(Phases(r), expected);
}

TEST(Driver, WithCandidatesPhasesRunInOrderThroughTheDeltaPass) {
  const RunResult r = RunModel(WithWritesAndCandidates());
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  ASSERT_FALSE(r.trace_truncated);
  const std::vector<Phase> expected = {Phase::kComputingAssignments, Phase::kDualWriteMigrating,
                                       Phase::kCutoverBegin,         Phase::kCutoverDraining,
                                       Phase::kCutoverDeltaPass,     Phase::kCutoverActivate,
                                       Phase::kCutoverCleanup,       Phase::kComplete};
  EXPECT_EQ(Phases(r), expected);
  EXPECT_GT(r.counters.delta_docs, 0u);
  EXPECT_EQ(r.at_end.lost, 0u);
  // The copy takes simulated time; the cutover steps follow it in order.
  EXPECT_LT(Entered(r, Phase::kDualWriteMigrating), Entered(r, Phase::kCutoverBegin));
  EXPECT_LT(Entered(r, Phase::kCutoverDeltaPass), Entered(r, Phase::kCutoverActivate));
  EXPECT_LT(Entered(r, Phase::kCutoverCleanup), Entered(r, Phase::kComplete));
}

TEST(Driver, CopyWriteThatKeepsFailingFailsTheMigrationAndLeavesRoutingAlone) {
  ModelConfig c = PreloadOnly();
  c.workload.key_space = 2 * kDocs;
  c.workload.writes = 5'000;
  c.workload.rate = 2'000;
  c.faults = {WriteFailures("new-3", 1.0)};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kFailed);
  ASSERT_EQ(r.migrations.size(), 1u);
  EXPECT_EQ(r.migrations[0].outcome, "failed");
  EXPECT_NE(r.migrations[0].reason.find("copy write"), std::string::npos) << r.reason;
  EXPECT_EQ(r.phase_reached, "dual_write_migrating");
  EXPECT_EQ(r.counters.migrated_docs, 0u);
  const std::vector<Phase> phases = Phases(r);
  ASSERT_FALSE(phases.empty());
  EXPECT_EQ(phases.back(), Phase::kFailed);
  EXPECT_EQ(std::count(phases.begin(), phases.end(), Phase::kCutoverActivate), 0);
  // Routing still points at the old owners, which hold every acknowledged write.
  EXPECT_EQ(r.writes.acked, 5'000u);
  EXPECT_EQ(r.at_cutover.lost, 0u);
  EXPECT_EQ(r.at_end.lost, 0u);
  EXPECT_EQ(r.at_end.divergent, 0u);
}

// page_retries counts retries: the first try and page_retries retries all
// failing (page_retries + 1 in a row) fail the migration.
TEST(Driver, CopyWriteStillFailingAfterPageRetriesRetriesFailsTheMigration) {
  ModelConfig c = PreloadOnly();
  c.limits.page_retries = 3;
  c.faults = {WriteFailures("new-3", 1.0)};
  const RunResult r = RunModel(c);
  ASSERT_EQ(r.outcome, model::RunOutcome::kFailed);
  EXPECT_EQ(Delivered(r, "new-3", kCopyWrite, 0, sim::kTimeMax), 4u);
  EXPECT_NE(r.reason.find("failed 4 times in a row"), std::string::npos) << r.reason;
}

TEST(Driver, CandidateScopeDeltaPassReadsOnlyTheCandidatesAndCopiesNoMoreThanShardScope) {
  ModelConfig c = WithWritesAndCandidates();
  c.migrations[0].delta_scope = DeltaScope::kShard;
  const RunResult shard = RunModel(c);
  c.migrations[0].delta_scope = DeltaScope::kCandidates;
  const RunResult candidates = RunModel(c);
  ASSERT_EQ(shard.outcome, model::RunOutcome::kComplete) << shard.reason;
  ASSERT_EQ(candidates.outcome, model::RunOutcome::kComplete) << candidates.reason;
  EXPECT_GT(candidates.counters.delta_docs, 0u);
  EXPECT_LE(candidates.counters.delta_docs, shard.counters.delta_docs);

  // Shard scope pages through the old owners; candidate scope asks for the ids.
  const auto reads = [](const RunResult& r, MessageType type) {
    return Delivered(r, "old-", type, Entered(r, Phase::kCutoverDeltaPass),
                     Entered(r, Phase::kCutoverActivate));
  };
  EXPECT_GT(reads(shard, kPageRead), 0u);
  EXPECT_EQ(reads(shard, kGetDocs), 0u);
  EXPECT_EQ(reads(candidates, kPageRead), 0u);
  EXPECT_GT(reads(candidates, kGetDocs), 0u);
}

// Every shard moves and writes keep coming, so some tracked writes are in
// flight when the cutover begins; new-3 stalls then (its replies are
// dropped for 2 s), so they cannot all settle within a 1 ms drain timeout
// (shorter than a round trip: the run checks drain_timed_out).
ModelConfig DrainThatTimesOut(DrainTimeoutAction action) {
  ModelConfig c = PreloadOnly();
  c.workload.key_space = 2 * kDocs;
  c.workload.writes = 10'000;
  c.workload.rate = 5'000;
  MigrationConfig& m = c.migrations[0];
  m.move = MoveKind::kAll;
  m.coordinator.drain_timeout = sim::kMillisecond;
  m.on_drain_timeout = action;
  Stall stall;
  stall.node = "new-3";
  stall.at = {Phase::kCutoverBegin, 0};
  stall.duration = 2 * sim::kSecond;
  c.faults = {stall};
  return c;
}

TEST(Driver, DrainTimeoutWithAbortFailsTheMigrationAndKeepsTheOldOwners) {
  const RunResult r = RunModel(DrainThatTimesOut(DrainTimeoutAction::kAbort));
  ASSERT_TRUE(r.counters.drain_timed_out);
  EXPECT_EQ(r.outcome, model::RunOutcome::kFailed);
  EXPECT_NE(r.reason.find("drain timeout exceeded"), std::string::npos) << r.reason;
  EXPECT_EQ(r.phase_reached, "cutover_draining");
  EXPECT_EQ(r.counters.stuck_failed, 0u);
  EXPECT_EQ(Entered(r, Phase::kCutoverActivate), -1);
  EXPECT_GE(Entered(r, Phase::kFailed) - Entered(r, Phase::kCutoverDraining), sim::kMillisecond);
  // Held writes went to the old owners, which still own everything.
  EXPECT_EQ(r.writes.acked, r.writes.submitted);
  EXPECT_EQ(r.at_end.lost, 0u);
}

TEST(Driver, DrainTimeoutWithFailStuckMarksTheStuckWritesFailedAndCompletes) {
  const RunResult r = RunModel(DrainThatTimesOut(DrainTimeoutAction::kFailStuck));
  ASSERT_TRUE(r.counters.drain_timed_out);
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_GT(r.counters.stuck_failed, 0u);
  EXPECT_GT(r.counters.delta_docs, 0u);  // writes marked failed on new-3 became delta candidates
  EXPECT_EQ(r.at_end.lost, 0u);
}

}  // namespace
}  // namespace model
