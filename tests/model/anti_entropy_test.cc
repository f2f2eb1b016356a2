// The anti-entropy reconciler (model/anti_entropy.h). A migration with the
// delta pass skipped (anti_entropy_enabled stays true, so it is not refused)
// leaves the new node without the writes it missed; with a second replica
// group those documents survive there, and the reconciler's first pass (at
// 20 s, after the migration and the workload) can repair them. The reconciler
// lives in the orchestrator, so each test runs a whole simulation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/run.h"
#include "tests/model/faults.h"

namespace model {
namespace {

using testing::DualWriteFailures;

constexpr std::uint32_t kShards = 8;

// Writes run from t=0 to about 2.5 s; the migration starts at 1 s and moves
// the shards of `move_shards` (every shard when empty) to new-3 with the
// delta pass skipped, while 20% of new-3's writes fail.
ModelConfig SkippedDeltaPass(bool two_groups, std::vector<std::uint32_t> move_shards = {}) {
  ModelConfig c;
  c.name = "anti-entropy";
  c.cluster.shards = kShards;
  if (two_groups) c.cluster.groups = {{"old-0", "old-1", "old-2"}, {"twin-0", "twin-1", "twin-2"}};
  c.workload.preload = 2'000;
  c.workload.key_space = 4'000;
  c.workload.writes = 5'000;
  c.workload.rate = 2'000;
  MigrationConfig& m = c.migrations[0];
  m.coordinator.skip_delta_pass = true;
  m.coordinator.anti_entropy_enabled = true;
  m.move = move_shards.empty() ? MoveKind::kAll : MoveKind::kList;
  m.move_shards = std::move(move_shards);
  m.page_size = 100;
  m.page_interval = 10 * sim::kMillisecond;
  c.faults = {DualWriteFailures("new-3", 0.2)};
  c.anti_entropy.first_pass = 20 * sim::kSecond;
  c.run.until = {std::nullopt, 30 * sim::kSecond};
  // These tests are about other behaviour; they read the drain per target
  // (with the original's count rule a rewritten key that failed on the new
  // node never settles: DrainSettleKnob.* shows it).
  c.migrations[0].coordinator.drain_settle = DrainSettle::kPerTarget;
  return c;
}

TEST(AntiEntropy, FirstPassRepairsEveryDocumentTheNewNodeMissedFromTheOtherGroup) {
  const RunResult r = RunModel(SkippedDeltaPass(/*two_groups=*/true));
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.counters.delta_docs, 0u);
  EXPECT_GT(r.at_cutover.divergent, 0u);
  EXPECT_EQ(r.at_cutover.lost, 0u);  // the twin group still holds them
  EXPECT_EQ(r.counters.ae_passes, 1u);
  EXPECT_GT(r.counters.ae_repairs, 0u);
  // Two replicas per shard: each divergent document is written to the one that lacks it.
  EXPECT_EQ(r.counters.ae_repairs, r.counters.ae_divergent);
  EXPECT_EQ(r.at_end.divergent, 0u);
  EXPECT_EQ(r.at_end.lost, 0u);
}

TEST(AntiEntropy, APassCutShortByAnOrchestratorCrashDoesNotStopTheNextOne) {
  ModelConfig c = SkippedDeltaPass(/*two_groups=*/true);
  c.anti_entropy.interval = 5 * sim::kSecond;
  Crash crash;
  crash.target = "orchestrator";
  crash.at = {std::nullopt, c.anti_entropy.first_pass + sim::kMillisecond};
  crash.restart_after = 100 * sim::kMillisecond;
  c.faults.push_back(crash);
  const RunResult r = RunModel(c);
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.counters.ae_passes, 3u);  // at 20 s (cut short), 25 s and 30 s; was 1
  EXPECT_GT(r.counters.ae_repairs, 0u);
  EXPECT_EQ(r.at_end.divergent, 0u);
}

TEST(AntiEntropy, FingerprintsInBatchesOfAnySizeFindTheSameDivergence) {
  ModelConfig c = SkippedDeltaPass(/*two_groups=*/true);
  const RunResult whole = RunModel(c);
  c.anti_entropy.fingerprint_batch_size = 7;  // shards of ~250 documents: many pages
  const RunResult paged = RunModel(c);
  ASSERT_GT(whole.counters.ae_repairs, 0u);
  EXPECT_EQ(paged.counters.ae_divergent, whole.counters.ae_divergent);
  EXPECT_EQ(paged.counters.ae_repairs, whole.counters.ae_repairs);
  EXPECT_EQ(paged.trace_hash, whole.trace_hash);
}

TEST(AntiEntropy, WithoutAutoRepairCountsDivergentDocumentsAndRepairsNone) {
  ModelConfig c = SkippedDeltaPass(/*two_groups=*/true);
  c.anti_entropy.auto_repair = false;
  const RunResult r = RunModel(c);
  ASSERT_EQ(r.outcome, model::RunOutcome::kComplete) << r.reason;
  EXPECT_EQ(r.counters.ae_passes, 1u);
  EXPECT_EQ(r.counters.ae_repairs, 0u);
  EXPECT_GT(r.counters.ae_divergent, 0u);
  EXPECT_GT(r.at_end.divergent, 0u);
  EXPECT_EQ(r.counters.ae_divergent,
            r.at_end.divergent);  // it counted exactly what the checker sees
}

TEST(AntiEntropy, OneReplicaGroupHasNothingToRepairFromAndTheLossStays) {
  ModelConfig c = SkippedDeltaPass(/*two_groups=*/false);
  const RunResult with = RunModel(c);
  c.anti_entropy.enabled = false;
  const RunResult without = RunModel(c);
  ASSERT_EQ(with.outcome, model::RunOutcome::kComplete) << with.reason;
  EXPECT_EQ(with.counters.ae_passes, 1u);
  EXPECT_EQ(with.counters.ae_divergent, 0u);
  EXPECT_EQ(with.counters.ae_repairs, 0u);
  EXPECT_GT(with.at_end.lost, 0u);
  EXPECT_EQ(without.counters.ae_passes, 0u);
  EXPECT_EQ(with.at_end.lost, without.at_end.lost);
}

TEST(AntiEntropy, ShardsPerPassScansOnlyTheFirstShards) {
  // Only shards 0 and 1 are scanned each pass.
  ModelConfig scanned = SkippedDeltaPass(/*two_groups=*/true, {0, 1});
  scanned.anti_entropy.shards_per_pass = 2;
  const RunResult in_prefix = RunModel(scanned);
  ASSERT_EQ(in_prefix.outcome, model::RunOutcome::kComplete) << in_prefix.reason;
  EXPECT_GT(in_prefix.at_cutover.divergent, 0u);
  EXPECT_GT(in_prefix.counters.ae_repairs, 0u);
  EXPECT_EQ(in_prefix.at_end.divergent, 0u);

  ModelConfig unscanned = SkippedDeltaPass(/*two_groups=*/true, {kShards - 2, kShards - 1});
  unscanned.anti_entropy.shards_per_pass = 2;
  const RunResult past_prefix = RunModel(unscanned);
  ASSERT_EQ(past_prefix.outcome, model::RunOutcome::kComplete) << past_prefix.reason;
  EXPECT_EQ(past_prefix.counters.ae_passes, 1u);
  EXPECT_EQ(past_prefix.counters.ae_divergent, 0u);
  EXPECT_EQ(past_prefix.counters.ae_repairs, 0u);
  EXPECT_GT(past_prefix.at_end.divergent, 0u);

  unscanned.anti_entropy.shards_per_pass = 0;  // all shards
  const RunResult all = RunModel(unscanned);
  EXPECT_GT(all.counters.ae_repairs, 0u);
  EXPECT_EQ(all.at_end.divergent, 0u);
}

TEST(AntiEntropy, RepairsAreSuppressedFromChangeDataCapture) {
  ModelConfig c = SkippedDeltaPass(/*two_groups=*/true);
  const RunResult repaired = RunModel(c);
  c.anti_entropy.auto_repair = false;
  const RunResult counted = RunModel(c);
  ASSERT_GT(repaired.counters.ae_repairs, 0u);
  // Same seed, same run until the repairs: they add suppressed events only.
  EXPECT_EQ(repaired.cdc.suppressed - counted.cdc.suppressed,
            repaired.counters.ae_repairs);
  EXPECT_EQ(repaired.cdc.events, counted.cdc.events);
  EXPECT_EQ(repaired.cdc.events, repaired.writes.acked);
  EXPECT_EQ(repaired.cdc.anomalies, 0u);
}

}  // namespace
}  // namespace model
