// Mirrors the original's own coordinator tests (migration.rs), plus every
// invalid transition and the shared in-flight list.
#include "model/coordinator.h"

#include <gtest/gtest.h>

namespace model {
namespace {

constexpr NodeIndex kOld = 0;
constexpr NodeIndex kNew = 3;

class PhaseLog : public PhaseListener {
 public:
  void OnPhase(const MigrationRecord& m) override { phases.push_back(m.phase); }
  void OnRefused(std::uint32_t, const std::string& reason) override { refusals.push_back(reason); }
  void OnShardState(const MigrationRecord&, std::uint32_t) override {}
  std::vector<Phase> phases;
  std::vector<std::string> refusals;
};

struct Fixture {
  explicit Fixture(CoordinatorSettings s = {}) : settings(s), coordinator(16, inflight, log) {}
  std::uint32_t Begin(std::map<std::uint32_t, NodeIndex> shards = {{0, kOld}, {1, kOld}}) {
    return coordinator.BeginMigration(0, settings, kNew, 0, shards, false).value();
  }
  std::uint32_t Draining() {
    const std::uint32_t id = Begin();
    EXPECT_TRUE(coordinator.BeginDualWrite(id).has_value());
    EXPECT_TRUE(coordinator.ShardMigrationComplete(id, 0, 10).has_value());
    EXPECT_TRUE(coordinator.ShardMigrationComplete(id, 1, 10).has_value());
    EXPECT_EQ(coordinator.BeginCutover(id).value(), Phase::kCutoverDraining);
    return id;
  }
  CoordinatorSettings settings;
  InFlight inflight{DrainSettle::kPerTarget};
  PhaseLog log;
  Coordinator coordinator;
};

TEST(Coordinator, SafeCutoverWithDeltaPass) {
  Fixture f;
  const std::uint32_t id = f.Draining();
  f.inflight.Register(7, 0, Bit(kOld) | Bit(kNew));
  f.inflight.Ack(7, kOld);
  f.inflight.Fail(7, kNew);
  std::map<std::uint32_t, std::vector<DocId>> candidates;
  EXPECT_EQ(f.coordinator.CompleteDrain(id, &candidates).value(), Phase::kCutoverDeltaPass);
  EXPECT_EQ(candidates[0], std::vector<DocId>{7});
  EXPECT_EQ(f.inflight.size(), 0u);  // this migration's tracked writes are dropped
  EXPECT_TRUE(f.coordinator.ShardDeltaComplete(id, 0, 1).has_value());
  EXPECT_EQ(f.coordinator.migration(id).phase, Phase::kCutoverDeltaPass);
  EXPECT_TRUE(f.coordinator.ShardDeltaComplete(id, 1, 0).has_value());
  EXPECT_EQ(f.coordinator.migration(id).phase, Phase::kCutoverCleanup);
  EXPECT_EQ(f.coordinator.migration(id).shards[0], ShardState::kActive);
  EXPECT_TRUE(f.coordinator.CompleteCleanup(id).has_value());
  EXPECT_EQ(f.coordinator.migration(id).phase, Phase::kComplete);
  const std::vector<Phase> expected = {Phase::kComputingAssignments, Phase::kDualWriteMigrating,
                                       Phase::kCutoverBegin,         Phase::kCutoverDraining,
                                       Phase::kCutoverDeltaPass,     Phase::kCutoverActivate,
                                       Phase::kCutoverCleanup,       Phase::kComplete};
  EXPECT_EQ(f.log.phases, expected);
}

TEST(Coordinator, UnsafeCutoverRefusedWithoutAntiEntropy) {
  Fixture f({.skip_delta_pass = true, .anti_entropy_enabled = false});
  const auto begun = f.coordinator.BeginMigration(0, f.settings, kNew, 0, {{0, kOld}}, false);
  ASSERT_FALSE(begun.has_value());
  EXPECT_EQ(begun.error().kind, CoordinatorError::Kind::kUnsafeCutoverNoAntiEntropy);
  EXPECT_EQ(f.coordinator.migration_count(), 0u);  // never started
  EXPECT_TRUE(f.log.phases.empty());
}

TEST(Coordinator, AllowUnsafeBypassesTheRefusalToMeasureIt) {
  Fixture f({.skip_delta_pass = true, .anti_entropy_enabled = false});
  EXPECT_TRUE(f.coordinator.BeginMigration(0, f.settings, kNew, 0, {{0, kOld}}, true).has_value());
}

TEST(Coordinator, SkipDeltaPassAllowedWithAntiEntropyGoesStraightToActivation) {
  Fixture f({.skip_delta_pass = true, .anti_entropy_enabled = true});
  const std::uint32_t id = f.Draining();
  f.inflight.Register(7, 0, Bit(kOld) | Bit(kNew));
  f.inflight.Ack(7, kOld);
  f.inflight.Fail(7, kNew);  // a candidate, ignored: the original skips anyway
  EXPECT_EQ(f.coordinator.CompleteDrain(id).value(), Phase::kCutoverCleanup);
}

TEST(Coordinator, NoCandidatesSkipsTheDeltaPassUnlessTriggerIsAlways) {
  Fixture f;
  EXPECT_EQ(f.coordinator.CompleteDrain(f.Draining()).value(), Phase::kCutoverCleanup);
  Fixture always({.delta_trigger = DeltaTrigger::kAlways});
  EXPECT_EQ(always.coordinator.CompleteDrain(always.Draining()).value(), Phase::kCutoverDeltaPass);
}

TEST(Coordinator, DrainTimeoutBlocksCutoverAndStaysDraining) {
  Fixture f;
  const std::uint32_t id = f.Draining();
  f.inflight.Register(7, 0, Bit(kOld) | Bit(kNew));  // tracked, never answered
  const auto result = f.coordinator.CompleteDrain(id);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind, CoordinatorError::Kind::kDrainTimeout);
  EXPECT_EQ(result.error().writes_pending, 1u);
  EXPECT_EQ(result.error().Message(), "drain timeout exceeded: 1 in-flight writes still pending");
  EXPECT_EQ(f.coordinator.migration(id).phase, Phase::kCutoverDraining);
}

TEST(Coordinator, APendingWriteOfAnotherMigrationBlocksTheDrain) {
  Fixture f;
  const std::uint32_t a = f.Draining();
  const std::uint32_t b =
      f.coordinator.BeginMigration(1, f.settings, 4, 0, {{5, 1}}, false).value();
  ASSERT_TRUE(f.coordinator.BeginDualWrite(b).has_value());
  f.inflight.Register(9, 5, Bit(1) | Bit(4));  // migration b's shard
  EXPECT_FALSE(f.coordinator.CompleteDrain(a).has_value());
  f.inflight.Ack(9, 1);
  f.inflight.Ack(9, 4);
  EXPECT_TRUE(f.coordinator.CompleteDrain(a).has_value());
  EXPECT_EQ(f.inflight.size(), 1u);  // b's write stays tracked
}

TEST(Coordinator, DualWriteStopsPerShardWhenItsCopyCompletes) {
  Fixture f;
  const std::uint32_t id = f.Begin({{5, kOld}, {6, kOld}});
  EXPECT_FALSE(f.coordinator.IsDualWriteActive(5));  // computing_assignments
  ASSERT_TRUE(f.coordinator.BeginDualWrite(id).has_value());
  EXPECT_TRUE(f.coordinator.IsDualWriteActive(5));
  EXPECT_FALSE(f.coordinator.IsDualWriteActive(9));
  ASSERT_TRUE(f.coordinator.ShardMigrationComplete(id, 5, 0).has_value());
  EXPECT_FALSE(f.coordinator.IsDualWriteActive(5));
  EXPECT_TRUE(f.coordinator.IsDualWriteActive(6));
  EXPECT_EQ(f.coordinator.DualWriteTargets(6), Bit(kNew));
}

TEST(Coordinator, InvalidTransitionsAreRefusedWithTheOriginalsWording) {
  Fixture f;
  const std::uint32_t id = f.Begin();
  auto pending = f.coordinator.ShardMigrationComplete(id, 0, 1);
  ASSERT_FALSE(pending.has_value());
  EXPECT_EQ(pending.error().Message(),
            "shard s0 is not in a valid state for this transition (current: pending)");
  EXPECT_EQ(
      f.coordinator.ShardMigrationComplete(id, 9, 1).error().Message(),
      "shard s9 is not in a valid state for this transition (current: shard not in migration)");
  EXPECT_EQ(f.coordinator.BeginDualWrite(999).error().Message(), "migration 999 not found");
  EXPECT_EQ(f.coordinator.BeginCutover(id).error().Message(),
            "shard s0 is not in a valid state for this transition (current: expected "
            "CutoverBegin, got computing_assignments)");
  EXPECT_EQ(f.coordinator.CompleteDrain(id).error().Message(),
            "shard s0 is not in a valid state for this transition (current: expected "
            "CutoverDraining, got computing_assignments)");
  EXPECT_EQ(f.coordinator.CompleteCleanup(id).error().Message(),
            "shard s0 is not in a valid state for this transition (current: expected "
            "CutoverCleanup, got computing_assignments)");
  EXPECT_EQ(f.coordinator.ShardDeltaComplete(id, 0, 1).error().kind,
            CoordinatorError::Kind::kInvalidTransition);
  ASSERT_TRUE(f.coordinator.BeginDualWrite(id).has_value());
  ASSERT_TRUE(f.coordinator.ShardMigrationComplete(id, 0, 1).has_value());
  EXPECT_EQ(f.coordinator.ShardMigrationComplete(id, 0, 1).error().Message(),
            "shard s0 is not in a valid state for this transition (current: migration_complete(1 "
            "copied))");
  EXPECT_EQ(f.coordinator.migration(id).phase, Phase::kDualWriteMigrating);
}

TEST(Coordinator, TrackingCoversDualWriteUpToActivation) {
  Fixture f;
  const std::uint32_t id = f.Begin();
  EXPECT_EQ(f.coordinator.Tracking(0), nullptr);
  ASSERT_TRUE(f.coordinator.BeginDualWrite(id).has_value());
  EXPECT_NE(f.coordinator.Tracking(0), nullptr);
  EXPECT_EQ(f.coordinator.InCutover(0), nullptr);
  ASSERT_TRUE(f.coordinator.ShardMigrationComplete(id, 0, 1).has_value());
  ASSERT_TRUE(f.coordinator.ShardMigrationComplete(id, 1, 1).has_value());
  ASSERT_TRUE(f.coordinator.BeginCutover(id).has_value());
  EXPECT_NE(f.coordinator.InCutover(0), nullptr);
  ASSERT_TRUE(f.coordinator.CompleteDrain(id).has_value());
  EXPECT_EQ(f.coordinator.Tracking(0), nullptr);
  EXPECT_EQ(f.coordinator.InCutover(0), nullptr);
}

}  // namespace
}  // namespace model
