// End-to-end behaviours of the model: each runs whole simulations and reads
// the checker's figures.
#include "model/run.h"

#include <gtest/gtest.h>

#include "tests/model/faults.h"

namespace model {
namespace {

using testing::DualWriteFailures;

ModelConfig Base(std::uint64_t seed = 1) {
  ModelConfig c;
  c.name = "test";
  c.seed = seed;
  c.workload.preload = 5'000;
  c.workload.writes = 20'000;
  c.workload.key_space = 50'000;
  c.migrations[0].page_size = 100;
  c.migrations[0].page_interval = 10 * sim::kMillisecond;
  // These tests are about other behaviour; they read the drain per target
  // (with the original's count rule a rewritten key that failed on the new
  // node never settles: DrainSettleKnob.* shows it).
  c.migrations[0].coordinator.drain_settle = DrainSettle::kPerTarget;
  c.run.until = {std::nullopt, 30 * sim::kSecond};
  return c;
}

TEST(Run, DeltaPassGivesZeroLossUnderNewNodeWriteFailures) {
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    ModelConfig c = Base(seed);
    c.faults = {DualWriteFailures("new-3", 0.05)};
    const RunResult r = RunModel(c);
    EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << seed;
    EXPECT_EQ(r.at_cutover.lost, 0u) << seed;
    EXPECT_EQ(r.at_end.lost, 0u) << seed;
    EXPECT_GT(r.counters.delta_docs, 0u) << seed;
    EXPECT_GT(r.at_end.acked_docs, 5'000u) << seed;
  }
}

std::uint64_t SkipDeltaLoss(double probability) {
  std::uint64_t lost = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    ModelConfig c = Base(seed);
    c.migrations[0].coordinator.skip_delta_pass = true;
    c.faults = {DualWriteFailures("new-3", probability)};
    const RunResult r = RunModel(c);
    EXPECT_EQ(r.outcome, model::RunOutcome::kComplete);
    EXPECT_EQ(r.counters.delta_docs, 0u);
    lost += r.at_cutover.lost;
  }
  return lost;
}

TEST(Run, SkipDeltaWithAntiEntropyOnOneGroupLosesMoreAtAHigherFailureRate) {
  const std::uint64_t low = SkipDeltaLoss(0.02);
  const std::uint64_t high = SkipDeltaLoss(0.20);
  EXPECT_GT(low, 0u);
  EXPECT_GT(high, low);
}

TEST(Run, RefusedConfigurationNeverStartsAndLosesNothing) {
  ModelConfig c = Base();
  c.migrations[0].coordinator.skip_delta_pass = true;
  c.migrations[0].coordinator.anti_entropy_enabled = false;
  c.faults = {DualWriteFailures("new-3", 0.05)};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kRefused);
  EXPECT_EQ(r.phase_reached, "refused");
  EXPECT_EQ(r.counters.migrated_docs, 0u);
  EXPECT_EQ(r.at_end.lost, 0u);
  EXPECT_NE(r.reason.find("anti-entropy is disabled and delta pass is skipped"), std::string::npos);
}

TEST(Run, PartitionOfTheNewNodeDuringTheDrainWithAShortDrainTimeoutEndsWithZeroLoss) {
  int timed_out = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    ModelConfig c = Base(seed);
    c.migrations[0].coordinator.drain_timeout = sim::kMillisecond;
    Partition cut;
    cut.side_a = {"orchestrator"};
    cut.side_b = {"new-3"};
    cut.at = {Phase::kCutoverDraining, 0};
    cut.duration = 5 * sim::kSecond;
    c.faults = {DualWriteFailures("new-3", 0.05), cut};
    const RunResult r = RunModel(c);
    EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << seed << " " << r.reason;
    EXPECT_EQ(r.at_cutover.lost, 0u) << seed;
    EXPECT_EQ(r.at_end.lost, 0u) << seed;
    timed_out += r.counters.drain_timed_out;
  }
  EXPECT_GT(timed_out, 0);  // the short drain timeout was really hit
}

TEST(Run, OrchestratorCrashDuringTheDrainResumesAndCompletes) {
  ModelConfig c = Base();
  Crash crash;
  crash.target = "orchestrator";
  crash.at = {Phase::kCutoverDraining, sim::kMillisecond};
  crash.restart_after = 3 * sim::kSecond;
  c.faults = {crash};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_GT(r.writes.unknown, 0u);  // writes arriving while it was down got no answer
}

TEST(Run, NodeCrashLosesNoAcknowledgedDocument) {
  ModelConfig c = Base();
  c.migrations.clear();
  Crash crash;
  crash.target = "old-1";
  crash.at = {std::nullopt, 500 * sim::kMillisecond};
  crash.restart_after = sim::kSecond;
  c.faults = {crash};
  const RunResult r = RunModel(c);
  EXPECT_GT(r.writes.failed, 0u);
  EXPECT_EQ(r.at_end.lost, 0u);
}

TEST(Run, SuccessOnlyAckTurnsNewNodeErrorRepliesIntoFailuresNotLosses) {
  // After activation the new node owns its shards: with any_reply an error
  // reply still acknowledges the client (the original's quirk) and loses it.
  ModelConfig c = Base();
  WriteFailure f = DualWriteFailures("new-3", 0.05);
  f.until.reset();
  c.faults = {f};
  const RunResult any_reply = RunModel(c);
  c.router.ack = AckRule::kSuccessOnly;
  const RunResult success_only = RunModel(c);
  EXPECT_GT(any_reply.at_end.lost, 0u);
  EXPECT_EQ(success_only.at_end.lost, 0u);
  EXPECT_GT(success_only.writes.failed, 0u);
}

TEST(Determinism, SameScenarioAndSeedGiveTheSameTraceHash) {
  ModelConfig c = Base(5);
  c.faults = {DualWriteFailures("new-3", 0.05)};
  const RunResult a = RunModel(c);
  const RunResult b = RunModel(c);
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_EQ(a.events, b.events);
  c.seed = 6;
  EXPECT_NE(RunModel(c).trace_hash, a.trace_hash);
}

}  // namespace
// Hot keys rewritten while new-3 fails a fifth of its dual-written writes:
// an ack and a failure land on every tracked write of a document (the
// original matches by id), so under the original's count rule such writes
// never settle; marking the stuck writes failed only adds to the count.
ModelConfig HotKeysRewrittenUnderNewNodeFailures() {
  ModelConfig c = Base();
  c.workload.preload = 50;
  c.workload.key_space = 100;
  c.workload.writes = 4'000;
  c.workload.rate = 2'000;
  c.faults = {DualWriteFailures("new-3", 0.2)};
  c.migrations[0].coordinator.drain_timeout = 200 * sim::kMillisecond;
  c.migrations[0].drain_retries = 3;
  return c;
}

TEST(DrainSettleKnob, UnderTheOriginalsCountRuleRewrittenHotKeysNeverSettleAndTheRunIsStuck) {
  ModelConfig c = HotKeysRewrittenUnderNewNodeFailures();
  c.migrations[0].coordinator.drain_settle = DrainSettle::kCount;
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kStuck) << r.reason;
  EXPECT_EQ(r.phase_reached, "cutover_draining");
  EXPECT_NE(r.reason.find("stuck in cutover_draining after 3 drain retries: drain timeout "
                          "exceeded:"),
            std::string::npos)
      << r.reason;
  EXPECT_TRUE(r.counters.drain_timed_out);
  EXPECT_GT(r.writes.unknown, 0u);  // writes held for the cutover get no answer
}

TEST(DrainSettleKnob, PerTargetTheSameRunDrainsAndCompletes) {
  ModelConfig c = HotKeysRewrittenUnderNewNodeFailures();
  c.migrations[0].coordinator.drain_settle = DrainSettle::kPerTarget;
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.at_end.lost, 0u);
}

// Four shards, copied one after another, no faults, delta pass skipped and
// no reconciler: a write to a shard already copied reaches the new node only
// if that shard is still dual-written.
ModelConfig FourShardsCopiedInTurn() {
  ModelConfig c = Base();
  c.cluster.shards = 4;
  c.cluster.groups = {{"old-0"}};
  c.migrations[0].move = MoveKind::kAll;
  c.migrations[0].add_node = "new-1";
  c.migrations[0].coordinator.skip_delta_pass = true;
  c.migrations[0].allow_unsafe = true;
  c.anti_entropy.enabled = false;
  c.workload.preload = 2'000;
  c.workload.key_space = 20'000;
  c.workload.writes = 10'000;
  c.workload.rate = 2'000;
  return c;
}

TEST(DualWriteUntilKnob, UnderRule12WritesToACopiedShardMissTheNewNodeAndAreLost) {
  ModelConfig c = FourShardsCopiedInTurn();
  c.migrations[0].coordinator.dual_write_until = DualWriteUntil::kShardComplete;
  const RunResult r = RunModel(c);
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_GT(r.at_end.lost, 0u);
  // Each lost document's latest put was held by its old owner and is on no
  // owner after the switch: destroyed, with whatever it overwrote there.
  EXPECT_GE(r.destroyed.destroyed, r.at_end.lost);
}

TEST(DualWriteUntilKnob, DualWritingUntilCutoverWithTheNewestStoreLosesNothing) {
  ModelConfig c = FourShardsCopiedInTurn();
  c.migrations[0].coordinator.dual_write_until = DualWriteUntil::kCutover;
  c.cluster.node_apply = NodeApply::kNewest;
  const RunResult r = RunModel(c);
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.at_end.lost, 0u);
}

TEST(NodeApplyKnob, UnderReplaceAStaleCopyPageOverwritesADualWrittenUpdateAndItIsLost) {
  ModelConfig c = FourShardsCopiedInTurn();
  c.migrations[0].coordinator.dual_write_until = DualWriteUntil::kCutover;
  c.cluster.node_apply = NodeApply::kReplace;
  const RunResult replace = RunModel(c);
  ASSERT_EQ(replace.outcome, model::RunOutcome::kComplete) << replace.reason;
  EXPECT_GT(replace.at_end.lost, 0u);
  EXPECT_GT(replace.destroyed.destroyed, 0u);
  c.cluster.node_apply = NodeApply::kNewest;
  EXPECT_EQ(RunModel(c).at_end.lost, 0u);  // DualWriteUntilKnob.* runs the same
}

// The times at which a coordinator migration entered `phase`, in order.
std::vector<Time> TimesEntering(const RunResult& r, Phase phase) {
  std::vector<Time> times;
  for (const sim::TraceRecord& t : r.trace) {
    if (t.kind == static_cast<std::uint32_t>(ModelRecord::kPhase) &&
        t.a == static_cast<std::uint64_t>(phase)) {
      times.push_back(t.at);
    }
  }
  return times;
}

TEST(SplitKnob, OneMigrationPerShardKeepsEachShardDualWrittenUntilItsOwnCutover) {
  ModelConfig c = FourShardsCopiedInTurn();
  c.cluster.node_apply = NodeApply::kNewest;
  c.keep_trace = true;
  const RunResult one = RunModel(c);
  ASSERT_EQ(one.outcome, model::RunOutcome::kComplete) << one.reason;
  EXPECT_EQ(TimesEntering(one, Phase::kComplete).size(), 1u);
  EXPECT_GT(one.at_end.lost, 0u);  // rule 12: a copied shard waits undual-written

  c.migrations[0].split = Split::kPerShard;
  const RunResult split = RunModel(c);
  ASSERT_EQ(split.outcome, model::RunOutcome::kComplete) << split.reason;
  ASSERT_EQ(split.migrations.size(), 1u);
  EXPECT_EQ(split.migrations[0].outcome, "complete");
  EXPECT_EQ(TimesEntering(split, Phase::kComplete).size(), 4u);
  EXPECT_EQ(split.at_end.lost, 0u);
}

TEST(CopyKnob, SequentialBeginsEachShardsMigrationWhenThePreviousCompletes) {
  ModelConfig c = FourShardsCopiedInTurn();
  c.migrations[0].split = Split::kPerShard;
  c.keep_trace = true;
  const RunResult r = RunModel(c);
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  const std::vector<Time> began = TimesEntering(r, Phase::kComputingAssignments);
  const std::vector<Time> completed = TimesEntering(r, Phase::kComplete);
  ASSERT_EQ(began.size(), 4u);
  ASSERT_EQ(completed.size(), 4u);
  for (std::size_t i = 1; i < began.size(); ++i) EXPECT_EQ(began[i], completed[i - 1]);
}

TEST(CopyKnob, ParallelBeginsEveryShardsMigrationAtOnceAndFinishesSooner) {
  ModelConfig c = FourShardsCopiedInTurn();
  c.migrations[0].split = Split::kPerShard;
  c.keep_trace = true;
  const RunResult sequential = RunModel(c);
  c.migrations[0].copy = CopyOrder::kParallel;
  const RunResult parallel = RunModel(c);
  ASSERT_EQ(parallel.outcome, model::RunOutcome::kComplete) << parallel.reason;
  const std::vector<Time> began = TimesEntering(parallel, Phase::kComputingAssignments);
  ASSERT_EQ(began.size(), 4u);
  EXPECT_EQ(began.front(), began.back());
  EXPECT_LT(TimesEntering(parallel, Phase::kComplete).back(),
            TimesEntering(sequential, Phase::kComplete).back());
}

// One shard moved, no faults, dual-write 200 ms after the migration begins:
// the writes of those 200 ms reach the old owner only.
ModelConfig DualWriteAfterADelay(TrackFrom track_from) {
  ModelConfig c = FourShardsCopiedInTurn();
  c.migrations[0].move = MoveKind::kList;
  c.migrations[0].move_shards = {0};
  c.migrations[0].coordinator.skip_delta_pass = false;
  c.migrations[0].dual_write_delay = 200 * sim::kMillisecond;
  c.migrations[0].coordinator.track_from = track_from;
  c.keep_trace = true;
  return c;
}

TEST(TrackFromKnob, FromDualWriteTheWritesBeforeItAreNotCandidatesAndNoDeltaPassRuns) {
  const RunResult r = RunModel(DualWriteAfterADelay(TrackFrom::kDualWrite));
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(TimesEntering(r, Phase::kDualWriteMigrating).front(),
            TimesEntering(r, Phase::kComputingAssignments).front() + 200 * sim::kMillisecond);
  EXPECT_TRUE(TimesEntering(r, Phase::kCutoverDeltaPass).empty());
}

TEST(TrackFromKnob, FromBeginTheWritesBeforeDualWriteAreCandidatesAndTheDeltaPassRuns) {
  const RunResult r = RunModel(DualWriteAfterADelay(TrackFrom::kBegin));
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(TimesEntering(r, Phase::kCutoverDeltaPass).size(), 1u);
}

// The orchestrator crashes 300 ms into dual-write and is back 1 s later.
ModelConfig CrashDuringDualWrite(Recovery recovery) {
  ModelConfig c = Base();
  Crash crash;
  crash.target = "orchestrator";
  crash.at = {Phase::kDualWriteMigrating, 300 * sim::kMillisecond};
  crash.restart_after = sim::kSecond;
  c.faults = {crash};
  c.migrations[0].recovery = recovery;
  return c;
}

TEST(RecoveryKnob, ResumeFinishesTheSameMigration) {
  const RunResult r = RunModel(CrashDuringDualWrite(Recovery::kResume));
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
}

TEST(RecoveryKnob, AbandonLeavesItFailed) {
  const RunResult r = RunModel(CrashDuringDualWrite(Recovery::kAbandon));
  EXPECT_EQ(r.outcome, model::RunOutcome::kFailed);
  EXPECT_NE(r.reason.find("recovery: abandon"), std::string::npos) << r.reason;
}

TEST(RecoveryKnob, RestartBeginsTheMigrationAgainAndCompletesIt) {
  const RunResult r = RunModel(CrashDuringDualWrite(Recovery::kRestart));
  EXPECT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  const RunResult resumed = RunModel(CrashDuringDualWrite(Recovery::kResume));
  EXPECT_NE(r.trace_hash, resumed.trace_hash);
  EXPECT_GT(r.counters.migrated_docs,
            resumed.counters.migrated_docs);  // copied again from the start
}

}  // namespace model
