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
}  // namespace model
