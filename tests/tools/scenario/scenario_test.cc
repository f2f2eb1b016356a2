#include "tools/scenario/scenario.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/rng_stream.h"
#include "tools/scenario/describe.h"

#ifndef CUTOVER_SOURCE_DIR
#define CUTOVER_SOURCE_DIR "."
#endif

namespace tools {
namespace {

using model::FaultKind;
using model::Phase;

constexpr const char* kLabel = "scenarios/x.yaml";

Scenario Load(const std::string& text, const std::vector<std::string>& sets = {}) {
  auto loaded = LoadScenarioText(text, kLabel, sets);
  if (!loaded.has_value()) {
    ADD_FAILURE() << "unexpected error: " << loaded.error().message;
    return Scenario{};
  }
  return std::move(loaded).value();
}

// The whole error line, or "loaded" when it loads.
std::string ErrorOf(const std::string& text, const std::vector<std::string>& sets = {}) {
  const auto loaded = LoadScenarioText(text, kLabel, sets);
  return loaded.has_value() ? "loaded" : loaded.error().message;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const std::filesystem::path kSourceDir = CUTOVER_SOURCE_DIR;

// The example of README.md, "Scenario files", verbatim.
constexpr const char* kSpecExample = R"(name: ae-on-delta-on            # required
description: text
seed: 1                         # default seed
cluster:
  shards: 16
  replication_factor: 1
  groups:                       # replica groups of named nodes
    - nodes: [old-0, old-1, old-2]
migrations:                     # node additions; several may overlap
  - add_node: new-3
    group: 0
    move: hrw                   # hrw (shards HRW now gives the new node) | all | [0, 1, 2]
    start: 1s
    page_size: 1000
    page_interval: 1ms
    drain_timeout: 30s
    skip_delta_pass: false
    anti_entropy_enabled: true  # the coordinator's flag
    allow_unsafe: false         # bypass the hard refusal, to measure it
    delta_trigger: candidates   # candidates (the coordinator's rule) | always
    cutover_writes: hold        # hold | reject | route_old
    on_drain_timeout: fail_stuck  # fail_stuck | abort
    delta_scope: shard          # shard (re-read the whole shard) | candidates
anti_entropy:
  enabled: true
  interval: 6h
  first_pass: 6h
  shards_per_pass: 0
  fingerprint_batch_size: 1000
  buckets: 256
  auto_repair: true
router:
  ack: any_reply                # any_reply (the original) | success_only
network:
  latency: {dist: exponential, mean: 1ms}  # fixed{value} | uniform{min,max} | exponential{mean} | lognormal{median,p99}
  drop: 0.0
  request_timeout: 5s
workload:
  preload: 10000
  writes: 100000
  rate: 10000                   # per second, Poisson arrivals
  start: 0s
  keys: {space: 200000, dist: uniform}   # or {dist: zipf, s: 1.1}
  deletes: 0.0
  batch: 1                      # documents per client request
  client_retries: 0
  bursts:                       # extra writes packed at a moment
    - {at: phase:cutover_begin, writes: 1000, over: 1ms}
faults:
  - {kind: write_failure, node: new-3, probability: 0.02, from: phase:dual_write_migrating, until: phase:cutover_draining, shards: [0, 1]}
  - {kind: partition, between: [orchestrator, new-3], at: 12s, duration: 5s}  # sides: orchestrator, node names
  - {kind: crash, target: orchestrator, at: phase:cutover_draining+1ms, restart_after: 3s}  # or a node name
  - {kind: slow, node: new-3, latency_factor: 50, at: 10s, duration: 2s}
  - {kind: stall, node: new-3, at: 10s, duration: 40s}   # node takes messages, answers none
  - {kind: clock_skew, target: orchestrator, at: 5s, offset: -200ms}  # updated_at stamps shift
swarm:                          # random extra faults drawn per seed
  kinds: [partition, crash, write_failure, slow]
  max_faults: 4
  window: [0s, 60s]
run:
  until: 7h                     # or phase:complete+6h
expect:                         # checked by `run`; a miss is exit 1
  outcome: complete             # complete | refused | failed
  lost_at_cutover: 0            # a number or {min, max}
  lost: 0
  loss_rate: {min: 0.015, max: 0.025}
sweep:
  seeds: 100                    # a count from 1, or "A..B"
  matrix:                       # every combination runs with every seed
    migrations.0.skip_delta_pass: [false, true]
    anti_entropy.enabled: [true, false]
)";

// A small valid scenario the error tests edit.
constexpr const char* kBase = R"(name: base
cluster:
  shards: 4
  groups:
    - nodes: [old-0, old-1]
migration:
  add_node: new-3
faults:
  - {kind: crash, target: orchestrator, at: 1s}
)";

// ---------------------------------------------------------------------------
// Defaults.

TEST(ScenarioDefaults, NameAloneGivesEverySpecDefault) {
  const Scenario s = Load("name: only-a-name\n");
  const model::ModelConfig& m = s.model;
  EXPECT_EQ(s.file, kLabel);
  EXPECT_EQ(m.name, "only-a-name");
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(m.seed, 1u);
  EXPECT_EQ(m.cluster.shards, 16u);
  EXPECT_EQ(m.cluster.replication_factor, 1u);
  EXPECT_EQ(m.cluster.groups, (std::vector<std::vector<std::string>>{{"old-0", "old-1", "old-2"}}));
  EXPECT_TRUE(m.migrations.empty());
  EXPECT_TRUE(m.anti_entropy.enabled);
  EXPECT_EQ(m.anti_entropy.interval, 6 * sim::kHour);
  EXPECT_EQ(m.anti_entropy.first_pass, 6 * sim::kHour);
  EXPECT_EQ(m.anti_entropy.shards_per_pass, 0u);
  EXPECT_EQ(m.anti_entropy.fingerprint_batch_size, 1000u);
  EXPECT_EQ(m.anti_entropy.buckets, 256u);
  EXPECT_TRUE(m.anti_entropy.auto_repair);
  EXPECT_EQ(m.router.ack, model::AckRule::kAnyReply);
  EXPECT_EQ(m.network.latency.kind, sim::LatencyModel::Kind::kExponential);
  EXPECT_EQ(m.network.latency.a, sim::kMillisecond);
  EXPECT_EQ(m.network.drop, 0.0);
  EXPECT_EQ(m.network.request_timeout, 5 * sim::kSecond);
  EXPECT_EQ(m.workload.preload, 10'000u);
  EXPECT_EQ(m.workload.writes, 100'000u);
  EXPECT_EQ(m.workload.rate, 10'000.0);
  EXPECT_FALSE(m.workload.start.phase.has_value());
  EXPECT_EQ(m.workload.start.offset, 0);
  EXPECT_EQ(m.workload.key_space, 200'000u);
  EXPECT_EQ(m.workload.key_distribution, model::KeyDistribution::kUniform);
  EXPECT_EQ(m.workload.zipf_s, 1.1);
  EXPECT_EQ(m.workload.deletes, 0.0);
  EXPECT_EQ(m.workload.batch, 1u);
  EXPECT_EQ(m.workload.client_retries, 0u);
  EXPECT_TRUE(m.workload.bursts.empty());
  EXPECT_TRUE(m.faults.empty());
  EXPECT_FALSE(m.run.until.phase.has_value());
  EXPECT_EQ(m.run.until.offset, 7 * sim::kHour);
  EXPECT_FALSE(s.has_expect);
  EXPECT_FALSE(s.swarm.enabled);
  EXPECT_FALSE(s.sweep.present);
  EXPECT_EQ(s.sweep.seed_first, 1u);
  EXPECT_EQ(s.sweep.seed_last, 1u);
  EXPECT_TRUE(s.overrides.empty());
}

TEST(ScenarioDefaults, EmptyMigrationItemGetsEverySpecDefault) {
  const Scenario s = Load("name: n\nmigrations: [{}]\n");
  ASSERT_EQ(s.model.migrations.size(), 1u);
  const model::MigrationConfig& g = s.model.migrations[0];
  EXPECT_EQ(g.add_node, "new-3");
  EXPECT_EQ(g.group, 0u);
  EXPECT_EQ(g.move, model::MoveKind::kHrw);
  EXPECT_TRUE(g.move_shards.empty());
  EXPECT_FALSE(g.start.phase.has_value());
  EXPECT_EQ(g.start.offset, sim::kSecond);
  EXPECT_EQ(g.page_size, 1000u);
  EXPECT_EQ(g.page_interval, sim::kMillisecond);
  EXPECT_EQ(g.coordinator.drain_timeout, 30 * sim::kSecond);
  EXPECT_FALSE(g.coordinator.skip_delta_pass);
  EXPECT_TRUE(g.coordinator.anti_entropy_enabled);
  EXPECT_FALSE(g.allow_unsafe);
  EXPECT_EQ(g.coordinator.delta_trigger, model::DeltaTrigger::kCandidates);
  EXPECT_EQ(g.cutover_writes, model::CutoverWrites::kHold);
  EXPECT_EQ(g.on_drain_timeout, model::DrainTimeoutAction::kFailStuck);
  EXPECT_EQ(g.delta_scope, model::DeltaScope::kShard);
}

TEST(ScenarioDefaults, EmptySwarmAndSweepBlocksGetSpecValues) {
  const Scenario s = Load("name: n\nswarm: {}\nsweep: {}\n");
  EXPECT_TRUE(s.swarm.enabled);
  EXPECT_EQ(s.swarm.kinds, (std::vector<FaultKind>{FaultKind::kPartition, FaultKind::kCrash,
                                                   FaultKind::kWriteFailure, FaultKind::kSlow}));
  EXPECT_EQ(s.swarm.max_faults, 4u);
  EXPECT_EQ(s.swarm.window_begin, 0);
  EXPECT_EQ(s.swarm.window_end, 60 * sim::kSecond);
  EXPECT_TRUE(s.sweep.present);
  EXPECT_EQ(s.sweep.seed_first, 1u);
  EXPECT_EQ(s.sweep.seed_last, 100u);
  EXPECT_TRUE(s.sweep.matrix.empty());
}

TEST(ScenarioDefaults, FaultsLeftOpenLastForeverAndStartAtZero) {
  const Scenario s = Load(
      "name: n\nfaults:\n"
      "  - {kind: write_failure, node: old-0, probability: 0.5}\n"
      "  - {kind: crash, target: old-1, at: 1s}\n"
      "  - {kind: clock_skew, target: orchestrator, at: 1s, offset: 5ms}\n");
  ASSERT_EQ(s.model.faults.size(), 3u);
  const auto& failure = std::get<model::WriteFailure>(s.model.faults[0]);
  EXPECT_EQ(failure.from.offset, 0);
  EXPECT_FALSE(failure.until.has_value());
  EXPECT_TRUE(failure.shards.empty());
  EXPECT_EQ(std::get<model::Crash>(s.model.faults[1]).restart_after, sim::kForever);
  EXPECT_EQ(std::get<model::ClockSkew>(s.model.faults[2]).duration, sim::kForever);
}

// ---------------------------------------------------------------------------
// The README example, every key with its meaning.

TEST(ScenarioSpecExample, LoadsWithEveryValueInPlace) {
  const Scenario s = Load(kSpecExample);
  const model::ModelConfig& m = s.model;
  EXPECT_EQ(m.name, "ae-on-delta-on");
  EXPECT_EQ(s.description, "text");
  ASSERT_EQ(m.migrations.size(), 1u);
  EXPECT_EQ(m.migrations[0].add_node, "new-3");
  ASSERT_EQ(m.workload.bursts.size(), 1u);
  EXPECT_EQ(m.workload.bursts[0].at.phase, Phase::kCutoverBegin);
  EXPECT_EQ(m.workload.bursts[0].writes, 1000u);
  EXPECT_EQ(m.workload.bursts[0].over, sim::kMillisecond);

  ASSERT_EQ(m.faults.size(), 6u);
  ASSERT_EQ(model::KindOf(m.faults[0]), FaultKind::kWriteFailure);
  const auto& wf = std::get<model::WriteFailure>(m.faults[0]);
  EXPECT_EQ(wf.node, "new-3");
  EXPECT_EQ(wf.probability, 0.02);
  EXPECT_EQ(wf.from.phase, Phase::kDualWriteMigrating);
  ASSERT_TRUE(wf.until.has_value());
  EXPECT_EQ(wf.until->phase, Phase::kCutoverDraining);
  EXPECT_EQ(wf.shards, (std::vector<std::uint32_t>{0, 1}));
  const auto& part = std::get<model::Partition>(m.faults[1]);
  EXPECT_EQ(part.side_a, std::vector<std::string>{"orchestrator"});
  EXPECT_EQ(part.side_b, std::vector<std::string>{"new-3"});
  EXPECT_EQ(part.at.offset, 12 * sim::kSecond);
  EXPECT_EQ(part.duration, 5 * sim::kSecond);
  const auto& crash = std::get<model::Crash>(m.faults[2]);
  EXPECT_EQ(crash.target, "orchestrator");
  EXPECT_EQ(crash.at.phase, Phase::kCutoverDraining);
  EXPECT_EQ(crash.at.offset, sim::kMillisecond);
  EXPECT_EQ(crash.restart_after, 3 * sim::kSecond);
  const auto& slow = std::get<model::Slow>(m.faults[3]);
  EXPECT_EQ(slow.latency_factor, 50u);
  EXPECT_EQ(slow.duration, 2 * sim::kSecond);
  EXPECT_EQ(std::get<model::Stall>(m.faults[4]).duration, 40 * sim::kSecond);
  const auto& skew = std::get<model::ClockSkew>(m.faults[5]);
  EXPECT_EQ(skew.target, "orchestrator");
  EXPECT_EQ(skew.offset, -200 * sim::kMillisecond);
  EXPECT_EQ(skew.at.offset, 5 * sim::kSecond);

  EXPECT_TRUE(s.swarm.enabled);
  EXPECT_EQ(s.swarm.max_faults, 4u);
  ASSERT_TRUE(s.has_expect);
  ASSERT_NE(s.expect.Find("outcome"), nullptr);
  EXPECT_EQ(s.expect.Find("outcome")->range.min, static_cast<double>(model::RunOutcome::kComplete));
  ASSERT_NE(s.expect.Find("lost_at_cutover"), nullptr);
  EXPECT_EQ(s.expect.Find("lost_at_cutover")->range.min, 0.0);
  EXPECT_EQ(s.expect.Find("lost_at_cutover")->range.max, 0.0);
  ASSERT_NE(s.expect.Find("loss_rate"), nullptr);
  EXPECT_EQ(s.expect.Find("loss_rate")->range.min, 0.015);
  EXPECT_EQ(s.expect.Find("loss_rate")->range.max, 0.025);
  EXPECT_EQ(s.expect.Find("divergent"), nullptr);
  EXPECT_EQ(s.sweep.seed_last, 100u);
  using Axis = std::pair<std::string, std::vector<std::string>>;
  EXPECT_EQ(s.sweep.matrix, (std::vector<Axis>{{"migrations.0.skip_delta_pass", {"false", "true"}},
                                               {"anti_entropy.enabled", {"true", "false"}}}));
}

TEST(ScenarioSpecExample, EveryValueShownIsTheDefault) {
  // Only the lists (migrations, bursts, faults) and the optional blocks differ.
  Scenario spec = Load(kSpecExample);
  Scenario bare = Load(
      "name: ae-on-delta-on\nmigrations: [{}]\n"
      "workload: {bursts: [{at: phase:cutover_begin, writes: 1000}]}\n");
  spec.model.faults.clear();
  const model::ModelConfig& a = spec.model;
  const model::ModelConfig& b = bare.model;
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.cluster.shards, b.cluster.shards);
  EXPECT_EQ(a.cluster.groups, b.cluster.groups);
  EXPECT_EQ(a.migrations[0].start.offset, b.migrations[0].start.offset);
  EXPECT_EQ(a.migrations[0].coordinator.drain_timeout, b.migrations[0].coordinator.drain_timeout);
  EXPECT_EQ(a.anti_entropy.interval, b.anti_entropy.interval);
  EXPECT_EQ(a.network.latency.a, b.network.latency.a);
  EXPECT_EQ(a.network.request_timeout, b.network.request_timeout);
  EXPECT_EQ(a.workload.key_space, b.workload.key_space);
  EXPECT_EQ(a.workload.bursts[0].over, b.workload.bursts[0].over);
  EXPECT_EQ(a.run.until.offset, b.run.until.offset);
}

// ---------------------------------------------------------------------------
// Forms of values.

TEST(ScenarioForms, MigrationShorthandEqualsOneItemList) {
  const Scenario a = Load("name: n\nmigration: {add_node: new-9, move: [1, 3], start: 2s}\n");
  const Scenario b = Load("name: n\nmigrations:\n  - {add_node: new-9, move: [1, 3], start: 2s}\n");
  ASSERT_EQ(a.model.migrations.size(), 1u);
  ASSERT_EQ(b.model.migrations.size(), 1u);
  EXPECT_EQ(a.model.migrations[0].add_node, "new-9");
  EXPECT_EQ(a.model.migrations[0].move, model::MoveKind::kList);
  EXPECT_EQ(a.model.migrations[0].move_shards, b.model.migrations[0].move_shards);
  EXPECT_EQ(a.model.migrations[0].start.offset, 2 * sim::kSecond);
}

TEST(ScenarioForms, SeveralMigrationsMayAddTheSameNode) {
  // The original's test 17: two migrations move different shards to new-3.
  const Scenario s = Load(
      "name: n\nmigrations:\n  - {add_node: new-3, move: [0, 1]}\n"
      "  - {add_node: new-3, move: [2, 3]}\n");
  ASSERT_EQ(s.model.migrations.size(), 2u);
  EXPECT_EQ(s.model.migrations[1].move_shards, (std::vector<std::uint32_t>{2, 3}));
}

TEST(ScenarioForms, SeveralMigrationsKeepTheirOrder) {
  const Scenario s =
      Load("name: n\nmigrations:\n  - {add_node: a}\n  - {add_node: b, move: all}\n");
  ASSERT_EQ(s.model.migrations.size(), 2u);
  EXPECT_EQ(s.model.migrations[1].add_node, "b");
  EXPECT_EQ(s.model.migrations[1].move, model::MoveKind::kAll);
}

TEST(ScenarioForms, EveryLatencyDistribution) {
  const auto latency = [](const std::string& flow) {
    return Load("name: n\nnetwork: {latency: " + flow + "}\n").model.network.latency;
  };
  using Kind = sim::LatencyModel::Kind;
  const sim::LatencyModel fixed = latency("{dist: fixed, value: 2ms}");
  EXPECT_EQ(fixed.kind, Kind::kFixed);
  EXPECT_EQ(fixed.a, 2 * sim::kMillisecond);
  const sim::LatencyModel uniform = latency("{dist: uniform, min: 1ms, max: 3ms}");
  EXPECT_EQ(uniform.kind, Kind::kUniform);
  EXPECT_EQ(uniform.a, sim::kMillisecond);
  EXPECT_EQ(uniform.b, 3 * sim::kMillisecond);
  const sim::LatencyModel exponential = latency("{dist: exponential, mean: 250us}");
  EXPECT_EQ(exponential.kind, Kind::kExponential);
  EXPECT_EQ(exponential.a, 250 * sim::kMicrosecond);
  const sim::LatencyModel lognormal = latency("{dist: lognormal, median: 1ms, p99: 20ms}");
  EXPECT_EQ(lognormal.kind, Kind::kLogNormal);
  EXPECT_EQ(lognormal.a, sim::kMillisecond);
  EXPECT_EQ(lognormal.b, 20 * sim::kMillisecond);
}

TEST(ScenarioForms, PartitionSidesAsNamesListsOrFirstAgainstTheRest) {
  const Scenario s = Load(
      "name: n\nmigration: {}\nfaults:\n"
      "  - {kind: partition, between: [[old-0, old-1], [new-3, orchestrator]], at: 1s}\n"
      "  - {kind: partition, between: [old-2, [old-0, old-1]], at: 1s}\n"
      "  - {kind: partition, between: [orchestrator, old-0, old-1, new-3], at: 1s}\n");
  ASSERT_EQ(s.model.faults.size(), 3u);
  using Names = std::vector<std::string>;
  EXPECT_EQ(std::get<model::Partition>(s.model.faults[0]).side_a, (Names{"old-0", "old-1"}));
  EXPECT_EQ(std::get<model::Partition>(s.model.faults[0]).side_b, (Names{"new-3", "orchestrator"}));
  EXPECT_EQ(std::get<model::Partition>(s.model.faults[1]).side_a, (Names{"old-2"}));
  EXPECT_EQ(std::get<model::Partition>(s.model.faults[1]).side_b, (Names{"old-0", "old-1"}));
  EXPECT_EQ(std::get<model::Partition>(s.model.faults[2]).side_a, (Names{"orchestrator"}));
  EXPECT_EQ(std::get<model::Partition>(s.model.faults[2]).side_b,
            (Names{"old-0", "old-1", "new-3"}));
  EXPECT_EQ(std::get<model::Partition>(s.model.faults[0]).duration, sim::kForever);
}

TEST(ScenarioForms, TimePointsAreDurationsOrPhasesWithOffsets) {
  const Scenario s = Load(
      "name: n\nrun: {until: phase:complete+6h}\n"
      "workload: {start: phase:dual_write_migrating, bursts: [{at: 1.5s, writes: 3}]}\n");
  EXPECT_EQ(s.model.run.until.phase, Phase::kComplete);
  EXPECT_EQ(s.model.run.until.offset, 6 * sim::kHour);
  EXPECT_EQ(s.model.workload.start.phase, Phase::kDualWriteMigrating);
  EXPECT_EQ(s.model.workload.start.offset, 0);
  EXPECT_FALSE(s.model.workload.bursts[0].at.phase.has_value());
  EXPECT_EQ(s.model.workload.bursts[0].at.offset, 1'500 * sim::kMillisecond);
}

TEST(ScenarioForms, ExpectNumbersAndOpenRanges) {
  const Scenario s = Load(
      "name: n\nexpect:\n  outcome: refused\n  phase_reached: cutover_draining\n"
      "  lost: 3\n  divergent: {min: 2}\n  resurrected: {max: 5}\n  acked: {min: 10, max: 20}\n"
      "  delta_docs: 0\n  ae_repairs: {min: 1}\n  migrated_docs: 1e3\n  cdc_anomalies: 0\n"
      "  destroyed: 0\n  drain_timed_out: true\n  lost_at_cutover: 0\n  loss_rate: {min: 0.01}\n");
  ASSERT_TRUE(s.has_expect);
  ASSERT_EQ(s.expect.checks.size(), kExpectations.size());  // every key, in the table's order
  const auto range = [&](std::string_view name) { return s.expect.Find(name)->range; };
  EXPECT_EQ(range("outcome").min, static_cast<double>(model::RunOutcome::kRefused));
  EXPECT_EQ(range("phase_reached").min, static_cast<double>(Phase::kCutoverDraining));
  EXPECT_EQ(range("lost").min, 3.0);
  EXPECT_EQ(range("lost").max, 3.0);
  EXPECT_EQ(range("divergent").min, 2.0);
  EXPECT_TRUE(range("divergent").Contains(1e12));
  EXPECT_EQ(range("resurrected").min, 0.0);
  EXPECT_EQ(range("resurrected").max, 5.0);
  EXPECT_EQ(range("acked").max, 20.0);
  EXPECT_EQ(range("migrated_docs").min, 1000.0);
  EXPECT_EQ(range("drain_timed_out").min, 1.0);
  EXPECT_EQ(range("loss_rate").max, 1.0);  // a rate never exceeds 1
  for (std::size_t i = 0; i < kExpectations.size(); ++i) {
    EXPECT_EQ(s.expect.checks[i].index, i);
  }
}

TEST(ScenarioForms, SweepSeedsAsCountOrRange) {
  EXPECT_EQ(Load("name: n\nsweep: {seeds: 7}\n").sweep.seed_last, 7u);
  const Scenario range = Load("name: n\nsweep: {seeds: \"20..29\"}\n");
  EXPECT_EQ(range.sweep.seed_first, 20u);
  EXPECT_EQ(range.sweep.seed_last, 29u);
  const Scenario plain = Load("name: n\nsweep: {seeds: 5..5}\n");
  EXPECT_EQ(plain.sweep.seed_first, 5u);
  EXPECT_EQ(plain.sweep.seed_last, 5u);
}

TEST(ScenarioForms, SwarmBlockAsWritten) {
  const Scenario s = Load(
      "name: n\nswarm: {kinds: [stall, clock_skew], max_faults: 2, "
      "window: [1s, 90s]}\n");
  EXPECT_EQ(s.swarm.kinds, (std::vector<FaultKind>{FaultKind::kStall, FaultKind::kClockSkew}));
  EXPECT_EQ(s.swarm.max_faults, 2u);
  EXPECT_EQ(s.swarm.window_begin, sim::kSecond);
  EXPECT_EQ(s.swarm.window_end, 90 * sim::kSecond);
}

TEST(ScenarioForms, IntegersMayBeWrittenAsWholeFloats) {
  const Scenario s = Load("name: n\nworkload: {writes: 1e6, preload: 2000.0}\n");
  EXPECT_EQ(s.model.workload.writes, 1'000'000u);
  EXPECT_EQ(s.model.workload.preload, 2'000u);
}

TEST(ScenarioForms, QuotedTextAndAnchorsAreOrdinaryYaml) {
  const Scenario s = Load(
      "name: \"quoted\"\ndescription: 'single'\ncluster: {groups: [{nodes: &g [a, b]}, "
      "{nodes: [c, d]}]}\nfaults:\n  - &f {kind: stall, node: a, at: 1s}\n  - *f\n");
  EXPECT_EQ(s.model.name, "quoted");
  EXPECT_EQ(s.model.faults.size(), 2u);
  EXPECT_EQ(s.model.cluster.groups.size(), 2u);
}

// ---------------------------------------------------------------------------
// --set overrides.

TEST(ScenarioSet, NestedPathsAndListItems) {
  const Scenario s =
      Load(kSpecExample, {"migrations.0.skip_delta_pass=true", "faults.1.duration=9s",
                          "anti_entropy.enabled=false", "workload.keys.dist=zipf",
                          "network.latency={dist: fixed, value: 3ms}"});
  EXPECT_TRUE(s.model.migrations[0].coordinator.skip_delta_pass);
  EXPECT_EQ(std::get<model::Partition>(s.model.faults[1]).duration, 9 * sim::kSecond);
  EXPECT_FALSE(s.model.anti_entropy.enabled);
  EXPECT_EQ(s.model.workload.key_distribution, model::KeyDistribution::kZipf);
  EXPECT_EQ(s.model.workload.key_space, 200'000u);  // its sibling stays
  EXPECT_EQ(s.model.network.latency.kind, sim::LatencyModel::Kind::kFixed);
  EXPECT_EQ(s.overrides.size(), 5u);
  EXPECT_EQ(s.overrides[0], "migrations.0.skip_delta_pass=true");
}

TEST(ScenarioSet, ReachesTheMigrationShorthand) {
  const Scenario s = Load(kBase, {"migrations.0.drain_timeout=2s", "migrations.0.move=[0, 2]"});
  ASSERT_EQ(s.model.migrations.size(), 1u);
  EXPECT_EQ(s.model.migrations[0].coordinator.drain_timeout, 2 * sim::kSecond);
  EXPECT_EQ(s.model.migrations[0].move_shards, (std::vector<std::uint32_t>{0, 2}));
}

TEST(ScenarioSet, ReplacesTheWholeShorthandMigration) {
  const Scenario s = Load(kBase, {"migrations.0={add_node: new-7, move: all}"});
  ASSERT_EQ(s.model.migrations.size(), 1u);
  EXPECT_EQ(s.model.migrations[0].add_node, "new-7");
  EXPECT_EQ(s.model.migrations[0].move, model::MoveKind::kAll);
}

TEST(ScenarioSet, MatrixValueTextRoundTripsThroughSet) {
  const std::vector<std::string> texts = {
      "phase:complete+1h", "a: b", "",          "x,y",        "-1",          "'q'", "true",
      "# not a comment",   "---",  "tab\there", "\"quoted\"", "back\\slash", "[1]", "~"};
  std::string yaml = "name: n\nsweep:\n  matrix:\n    description:\n";
  for (const std::string& text : texts) {
    std::string escaped;
    for (const char c : text) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c == '\t' ? std::string("\\t") : std::string(1, c);
    }
    yaml += "      - \"" + escaped + "\"\n";
  }
  const Scenario s = Load(yaml);
  ASSERT_EQ(s.sweep.matrix.size(), 1u);
  ASSERT_EQ(s.sweep.matrix[0].second.size(), texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string& value = s.sweep.matrix[0].second[i];
    EXPECT_EQ(Load("name: n\n", {"description=" + value}).description, texts[i]) << value;
  }
  // Numbers, booleans and lists stay what they are.
  const Scenario typed = Load(
      "name: n\nsweep: {matrix: {seed: [1, 2e3], "
      "migrations.0.move: [all, [0, 1]]}}\nmigration: {}\n");
  using Axis = std::pair<std::string, std::vector<std::string>>;
  EXPECT_EQ(typed.sweep.matrix,
            (std::vector<Axis>{{"seed", {"1", "2e3"}}, {"migrations.0.move", {"all", "[0, 1]"}}}));
}

TEST(ScenarioSet, CreatesMissingBlocksAndAppendsListItems) {
  const Scenario s = Load(
      "name: n\n", {"router.ack=success_only", "faults.0={kind: stall, node: old-0, at: 1s}",
                    "faults.1.kind=crash", "faults.1.target=old-1", "faults.1.at=2s", "seed=42"});
  EXPECT_EQ(s.model.router.ack, model::AckRule::kSuccessOnly);
  ASSERT_EQ(s.model.faults.size(), 2u);
  EXPECT_EQ(model::KindOf(s.model.faults[1]), FaultKind::kCrash);
  EXPECT_EQ(s.model.seed, 42u);
}

TEST(ScenarioSet, LaterSetWinsAndValuesAreYaml) {
  const Scenario s = Load("name: n\n", {"seed=3", "seed=4"});
  EXPECT_EQ(s.model.seed, 4u);
  EXPECT_EQ(ErrorOf("name: n\n", {"description=a: b"}),
            "--set description=a: b: description: expected a string, got a mapping");
}

TEST(ScenarioSet, ErrorsNameTheSet) {
  EXPECT_EQ(ErrorOf(kBase, {"faults.0.at=soon"}),
            "--set faults.0.at=soon: faults[0].at: bad duration \"soon\": expected a number and "
            "a unit (ns, us, ms, s, m, h), like 250us, 5ms, 30s, 2m, 6h");
  EXPECT_EQ(ErrorOf(kBase, {"anti_entropy.enabeld=false"}),
            "--set anti_entropy.enabeld=false: unknown key \"enabeld\" in anti_entropy (did you "
            "mean \"enabled\"?)");
  EXPECT_EQ(ErrorOf(kBase, {"clustr.shards=3"}),
            "--set clustr.shards=3: unknown key \"clustr\" at the top level (did you mean "
            "\"cluster\"?)");
  EXPECT_EQ(ErrorOf(kBase, {"faults.3.at=1s"}),
            "--set faults.3.at=1s: faults has 1 item, so 3 is out of range");
  EXPECT_EQ(ErrorOf(kBase, {"faults.first.at=1s"}),
            "--set faults.first.at=1s: faults is a list: expected an item number, not \"first\"");
  EXPECT_EQ(ErrorOf(kBase, {"name.x=1"}),
            "--set name.x=1: name is a single value, so it has no "
            "\"x\"");
  EXPECT_EQ(ErrorOf(kBase, {"migrations.1.group=0"}),
            "--set migrations.1.group=0: the scenario has one migration (migration:), so only "
            "migrations.0 exists, not migrations.1");
  EXPECT_EQ(ErrorOf(kBase, {"seed"}),
            "--set seed: expected PATH=VALUE, like migrations.0.skip_delta_pass=true");
  EXPECT_EQ(ErrorOf(kBase, {"cluster..shards=1"}),
            "--set cluster..shards=1: empty segment in path \"cluster..shards\"");
  EXPECT_EQ(ErrorOf(kBase, {"seed=[1"}),
            "--set seed=[1: bad value: end of sequence flow not found");
}

TEST(ScenarioSet, FileErrorsElsewhereStillPointIntoTheFile) {
  // The override is fine; the file's own crash target then has no node.
  EXPECT_EQ(ErrorOf("name: n\nfaults: [{kind: crash, target: new-3, at: 1s}]\n", {"seed=2"}),
            "scenarios/x.yaml:2:32: unknown node \"new-3\" in faults[0].target");
}

// ---------------------------------------------------------------------------
// Errors: one line each, at the offending node, pinned text.

TEST(ScenarioErrors, EmptyAndNonYamlFiles) {
  EXPECT_EQ(ErrorOf(""), "scenarios/x.yaml:1:1: empty scenario file");
  EXPECT_EQ(ErrorOf("# only a comment\n"), "scenarios/x.yaml:1:1: empty scenario file");
  EXPECT_EQ(ErrorOf("name: [a\n"), "scenarios/x.yaml:2:1: end of sequence flow not found");
  EXPECT_EQ(ErrorOf("- a\n- b\n"),
            "scenarios/x.yaml:1:1: expected a mapping at the top level, got a list");
  EXPECT_EQ(ErrorOf("just text\n"),
            "scenarios/x.yaml:1:1: expected a mapping at the top level, got \"just text\"");
  EXPECT_EQ(ErrorOf("name: a\n---\nname: b\n"),
            "scenarios/x.yaml:3:1: expected one YAML document, found 2");
  EXPECT_EQ(ErrorOf("name: a\nseed: 1\nseed: 2\n"), "scenarios/x.yaml:3:1: duplicate key \"seed\"");
  EXPECT_EQ(ErrorOf("name: !custom a\n"),
            "scenarios/x.yaml:1:7: unsupported tag \"!custom\" (the scenario format uses none)");
}

TEST(ScenarioErrors, MissingNameAndUnknownKeys) {
  EXPECT_EQ(ErrorOf("seed: 1\n"), "scenarios/x.yaml:1:1: missing required key \"name\"");
  EXPECT_EQ(ErrorOf("name: n\ncluster:\n  shard: 4\n"),
            "scenarios/x.yaml:3:3: unknown key \"shard\" in cluster (did you mean \"shards\"?)");
  EXPECT_EQ(ErrorOf("name: n\nclustr: {}\n"),
            "scenarios/x.yaml:2:1: unknown key \"clustr\" at the top level (did you mean "
            "\"cluster\"?)");
  EXPECT_EQ(ErrorOf("name: n\nrouter: {quorum: 2}\n"),
            "scenarios/x.yaml:2:10: unknown key \"quorum\" in router (expected ack)");
  EXPECT_EQ(ErrorOf("name: n\nmigration: {}\nmigrations: []\n"),
            "scenarios/x.yaml:3:1: both migration and migrations are given (migration: is a "
            "one-item migrations:; use one)");
}

TEST(ScenarioErrors, WrongTypes) {
  EXPECT_EQ(ErrorOf("name: n\ncluster: {shards: many}\n"),
            "scenarios/x.yaml:2:19: cluster.shards: expected an integer, got \"many\"");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {shards: 1.5}\n"),
            "scenarios/x.yaml:2:19: cluster.shards: expected an integer, got 1.5");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {shards: \"16\"}\n"),
            "scenarios/x.yaml:2:19: cluster.shards: expected an integer, got \"16\"");
  EXPECT_EQ(ErrorOf("name: n\nanti_entropy: {enabled: yes}\n"),
            "scenarios/x.yaml:2:25: anti_entropy.enabled: expected true or false, got \"yes\"");
  EXPECT_EQ(ErrorOf("name: 5\n"),
            "scenarios/x.yaml:1:7: name: expected a string, got 5 (put it in quotes to make it "
            "text)");
  EXPECT_EQ(ErrorOf("name: n\ncluster: []\n"),
            "scenarios/x.yaml:2:10: cluster: expected a mapping, got a list");
  EXPECT_EQ(ErrorOf("name: n\nfaults:\n"),
            "scenarios/x.yaml:2:1: faults: expected a list, got nothing");
  EXPECT_EQ(ErrorOf("name: n\nnetwork: {drop: lots}\n"),
            "scenarios/x.yaml:2:17: network.drop: expected a number, got \"lots\"");
  EXPECT_EQ(ErrorOf("name: n\nrouter: {ack: all}\n"),
            "scenarios/x.yaml:2:15: router.ack: expected any_reply or success_only, got \"all\"");
  EXPECT_EQ(ErrorOf("name: n\nmigration: {cutover_writes: hodl}\n"),
            "scenarios/x.yaml:2:29: migration.cutover_writes: expected hold, reject or "
            "route_old, got \"hodl\" (did you mean \"hold\"?)");
  EXPECT_EQ(ErrorOf("name: n\nmigration: {move: hwr}\n"),
            "scenarios/x.yaml:2:19: migration.move: expected hrw, all or a list of shard "
            "numbers, got \"hwr\" (did you mean \"hrw\"?)");
}

TEST(ScenarioErrors, BadDurationsAndPhases) {
  EXPECT_EQ(ErrorOf("name: n\nmigration: {drain_timeout: 30}\n"),
            "scenarios/x.yaml:2:28: migration.drain_timeout: bad duration \"30\": expected a "
            "number and a unit (ns, us, ms, s, m, h), like 250us, 5ms, 30s, 2m, 6h");
  EXPECT_EQ(ErrorOf("name: n\nmigration: {drain_timeout: 0s}\n"),
            "scenarios/x.yaml:2:28: migration.drain_timeout: must be more than 0s, got \"0s\"");
  EXPECT_EQ(ErrorOf("name: n\nrun: {until: -5s}\n"),
            "scenarios/x.yaml:2:14: run.until: bad duration \"-5s\": must not be negative");
  EXPECT_EQ(ErrorOf("name: n\nrun: {until: phase:draining+2ms}\n"),
            "scenarios/x.yaml:2:14: run.until: unknown phase \"draining\" (expected one of "
            "computing_assignments, dual_write_migrating, cutover_begin, cutover_draining, "
            "cutover_delta_pass, cutover_activate, cutover_cleanup, complete or failed)");
  EXPECT_EQ(ErrorOf("name: n\nrun: {until: phase:complet}\n"),
            "scenarios/x.yaml:2:14: run.until: unknown phase \"complet\" (did you mean "
            "\"complete\"?)");
  EXPECT_EQ(ErrorOf("name: n\nrun: {until: phase:complete+soon}\n"),
            "scenarios/x.yaml:2:14: run.until: bad duration \"soon\": expected a number and a "
            "unit (ns, us, ms, s, m, h), like 250us, 5ms, 30s, 2m, 6h");
}

TEST(ScenarioErrors, UnknownNodes) {
  EXPECT_EQ(ErrorOf(kBase + std::string("  - {kind: stall, node: new-4, at: 1s}\n")),
            "scenarios/x.yaml:10:25: unknown node \"new-4\" in faults[1].node (did you mean "
            "\"new-3\"?)");
  EXPECT_EQ(ErrorOf(kBase + std::string("  - {kind: partition, between: [orchestrator, n9], "
                                        "at: 1s}\n")),
            "scenarios/x.yaml:10:47: unknown node \"n9\" in faults[1].between[1]");
  EXPECT_EQ(ErrorOf(kBase + std::string("  - {kind: slow, node: orchestrator, latency_factor: "
                                        "2, at: 1s}\n")),
            "scenarios/x.yaml:10:24: faults[1].node: the orchestrator can only be partitioned, "
            "crashed or clock-skewed; name a node");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {groups: [{nodes: [a, b, a]}]}\n"),
            "scenarios/x.yaml:2:35: cluster.groups[0].nodes[2]: node \"a\" is listed twice");
  EXPECT_EQ(ErrorOf("name: n\nmigration: {add_node: old-1}\n"),
            "scenarios/x.yaml:2:23: migration.add_node: \"old-1\" is already a node of the "
            "cluster");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {groups: [{nodes: [a]}, {nodes: [b]}]}\n"
                    "migrations: [{add_node: x}, {add_node: x, group: 1}]\n"),
            "scenarios/x.yaml:3:50: migrations[1].group: \"x\" joins group 0 in migrations[0]; "
            "a node is in one group");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {groups: [{nodes: [orchestrator]}]}\n"),
            "scenarios/x.yaml:2:29: cluster.groups[0].nodes[0]: \"orchestrator\" is the "
            "orchestrator process, not a node");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {groups: [{nodes: [a b]}]}\n"),
            "scenarios/x.yaml:2:29: cluster.groups[0].nodes[0]: bad node name \"a b\": use up "
            "to 64 letters, digits, '-', '_' and '.', starting with a letter or digit");
  EXPECT_EQ(ErrorOf(kBase + std::string("  - {kind: partition, between: [old-0, [old-0]], "
                                        "at: 1s}\n")),
            "scenarios/x.yaml:10:41: faults[1].between[1][0]: \"old-0\" is named twice in the "
            "partition");
}

TEST(ScenarioErrors, ImpossibleValues) {
  EXPECT_EQ(ErrorOf("name: n\ncluster: {shards: 0}\n"),
            "scenarios/x.yaml:2:19: cluster.shards: must be at least 1, got 0");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {shards: -4}\n"),
            "scenarios/x.yaml:2:19: cluster.shards: must be at least 1, got -4");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {shards: 70000}\n"),
            "scenarios/x.yaml:2:19: cluster.shards: must be at most 65536, got 70000");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {replication_factor: 0}\n"),
            "scenarios/x.yaml:2:31: cluster.replication_factor: must be at least 1, got 0");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {replication_factor: 4}\n"),
            "scenarios/x.yaml:2:31: cluster.replication_factor: 4 is more than the 3 nodes of "
            "cluster.groups[0]");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {groups: []}\n"),
            "scenarios/x.yaml:2:19: cluster.groups: expected at least one group");
  EXPECT_EQ(ErrorOf(kBase + std::string("  - {kind: write_failure, node: old-0, probability: "
                                        "1.5}\n")),
            "scenarios/x.yaml:10:53: faults[1].probability: must be between 0 and 1, got 1.5");
  EXPECT_EQ(ErrorOf("name: n\nworkload: {rate: 0}\n"),
            "scenarios/x.yaml:2:18: workload.rate: must be greater than 0, got 0");
  EXPECT_EQ(ErrorOf("name: n\nmigration: {page_size: 0}\n"),
            "scenarios/x.yaml:2:24: migration.page_size: must be at least 1, got 0");
  EXPECT_EQ(ErrorOf("name: n\nworkload: {keys: {space: 0}}\n"),
            "scenarios/x.yaml:2:26: workload.keys.space: must be at least 1, got 0");
  EXPECT_EQ(ErrorOf("name: n\nworkload: {keys: {space: 9223372036854775809}}\n"),
            "scenarios/x.yaml:2:26: workload.keys.space: must be at most 9223372036854775808, got "
            "9223372036854775809");
  EXPECT_EQ(ErrorOf("name: n\nworkload: {preload: 300000}\n"),
            "scenarios/x.yaml:2:21: workload.preload: 300000 documents do not fit in "
            "workload.keys.space (200000)");
  EXPECT_EQ(ErrorOf("name: n\nmigration: {group: 1}\n"),
            "scenarios/x.yaml:2:20: migration.group: group 1 does not exist (cluster.groups "
            "has 1)");
  EXPECT_EQ(ErrorOf("name: n\ncluster: {shards: 4}\nmigration: {move: [0, 4]}\n"),
            "scenarios/x.yaml:3:23: migration.move[1]: shard 4 does not exist (cluster.shards "
            "is 4)");
  EXPECT_EQ(ErrorOf("name: n\nmigration: {move: [1, 1]}\n"),
            "scenarios/x.yaml:2:23: migration.move[1]: shard 1 is listed twice");
  EXPECT_EQ(ErrorOf("name: n\nswarm: {window: [10s, 5s]}\n"),
            "scenarios/x.yaml:2:23: swarm.window: end 5s is before begin 10s");
  EXPECT_EQ(ErrorOf("name: n\nnetwork: {latency: {dist: uniform, min: 5ms, max: 1ms}}\n"),
            "scenarios/x.yaml:2:51: network.latency.max: must be at least min (5ms), got 1ms");
  EXPECT_EQ(ErrorOf("name: n\nnetwork: {latency: {dist: lognormal, median: 5ms, p99: 5ms}}\n"),
            "scenarios/x.yaml:2:56: network.latency.p99: must be more than median (5ms), got "
            "5ms");
  EXPECT_EQ(ErrorOf("name: n\nexpect: {lost: {min: 5, max: 2}}\n"),
            "scenarios/x.yaml:2:30: expect.lost: max is less than min");
  EXPECT_EQ(ErrorOf("name: n\nexpect: {loss_rate: 2}\n"),
            "scenarios/x.yaml:2:21: expect.loss_rate: must be between 0 and 1, got 2");
  EXPECT_EQ(ErrorOf("name: n\nsweep: {seeds: \"9..3\"}\n"),
            "scenarios/x.yaml:2:16: sweep.seeds: \"9..3\" ends before it begins");
  EXPECT_EQ(ErrorOf("name: n\nsweep: {seeds: 0}\n"),
            "scenarios/x.yaml:2:16: sweep.seeds: must be at least 1, got 0");
}

TEST(ScenarioErrors, FaultKeysFollowTheKind) {
  EXPECT_EQ(ErrorOf("name: n\nfaults: [{node: old-0}]\n"),
            "scenarios/x.yaml:2:10: faults[0]: missing required key \"kind\"");
  EXPECT_EQ(ErrorOf("name: n\nfaults: [{kind: crsh}]\n"),
            "scenarios/x.yaml:2:17: faults[0].kind: expected write_failure, partition, crash, "
            "slow, stall or clock_skew, got \"crsh\" (did you mean \"crash\"?)");
  EXPECT_EQ(ErrorOf("name: n\nfaults: [{kind: partition, node: old-0, at: 1s}]\n"),
            "scenarios/x.yaml:2:28: key \"node\" does not apply to a partition fault in "
            "faults[0] (it takes kind, between, at or duration)");
  EXPECT_EQ(ErrorOf("name: n\nfaults: [{kind: stall, node: old-0, at: 1s, duraton: 1s}]\n"),
            "scenarios/x.yaml:2:45: unknown key \"duraton\" in faults[0] (did you mean "
            "\"duration\"?)");
  EXPECT_EQ(ErrorOf("name: n\nfaults: [{kind: crash, target: old-0}]\n"),
            "scenarios/x.yaml:2:10: faults[0]: missing required key \"at\" for a crash fault");
  EXPECT_EQ(ErrorOf("name: n\nfaults: [{kind: write_failure, node: old-0, probability: 0.1, "
                    "from: 5s, until: 2s}]\n"),
            "scenarios/x.yaml:2:80: faults[0].until: 2s is before from (5s)");
  EXPECT_EQ(ErrorOf("name: n\nfaults: [{kind: partition, between: [old-0], at: 1s}]\n"),
            "scenarios/x.yaml:2:37: faults[0].between: expected two sides, like [orchestrator, "
            "new-3] or [[old-0, old-1], [new-3]]");
}

TEST(ScenarioErrors, SweepMatrixRefusesTwoKeysForOneValueAndARepeatedValue) {
  EXPECT_EQ(ErrorOf("name: n\nsweep:\n  matrix:\n    migrations.0.skip_delta_pass: [true]\n"
                    "    migration.skip_delta_pass: [false]\n"),
            "scenarios/x.yaml:5:5: sweep.matrix: migration.skip_delta_pass names the same value as "
            "migrations.0.skip_delta_pass");
  EXPECT_EQ(ErrorOf("name: n\nsweep:\n  matrix:\n    workload.writes: [100, 200, 100]\n"),
            "scenarios/x.yaml:4:33: sweep.matrix.workload.writes: 100 is listed twice");
}

TEST(ScenarioErrors, SweepMatrixValuesAreLoadedOnce) {
  EXPECT_EQ(ErrorOf("name: n\nsweep:\n  matrix:\n    anti_entropy.enabled: [true, maybe]\n"),
            "scenarios/x.yaml:4:34: anti_entropy.enabled: expected true or false, got \"maybe\"");
  EXPECT_EQ(ErrorOf("name: n\nsweep:\n  matrix:\n    anti_entropy.enabeld: [true]\n"),
            "scenarios/x.yaml:4:5: sweep.matrix \"anti_entropy.enabeld\": unknown key "
            "\"enabeld\" in anti_entropy (did you mean \"enabled\"?)");
  // A value that loads alone but breaks another part names both places.
  EXPECT_EQ(ErrorOf("name: n\nmigration: {move: [3]}\nsweep:\n  matrix:\n"
                    "    cluster.shards: [8, 2]\n"),
            "scenarios/x.yaml:5:25: with sweep.matrix \"cluster.shards\" = 2, at 2:20: "
            "migration.move[0]: shard 3 does not exist (cluster.shards is 2)");
  EXPECT_EQ(ErrorOf("name: n\nsweep:\n  matrix:\n    faults.2.at: [1s]\n"),
            "scenarios/x.yaml:4:5: sweep.matrix: \"faults.2.at\" cannot be set: faults has 0 "
            "items, so 2 is out of range");
  EXPECT_EQ(ErrorOf("name: n\nsweep:\n  matrix:\n    seed: []\n"),
            "scenarios/x.yaml:4:11: sweep.matrix.seed: expected at least one value");
}

TEST(ScenarioErrors, FilesThatCannotBeRead) {
  const auto missing = LoadScenarioFile("/nonexistent/x.yaml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "/nonexistent/x.yaml:1:1: no such file");
  const auto directory = LoadScenarioFile(kSourceDir.string());
  ASSERT_FALSE(directory.has_value());
  EXPECT_EQ(directory.error().message,
            kSourceDir.string() + ":1:1: is a directory, not a scenario file");
}

// ---------------------------------------------------------------------------
// Fuzz: mutated files load or fail with one positioned line; nothing throws.

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

std::string Mutate(std::string text, sim::RngStream& rng) {
  static const std::vector<std::string> kJunk = {"",
                                                 "-1",
                                                 "1e999",
                                                 "[",
                                                 "{",
                                                 "}",
                                                 "phase:",
                                                 "phase:nope+1s",
                                                 "~",
                                                 "\"",
                                                 "&a",
                                                 "*a",
                                                 "!!binary",
                                                 "0x10",
                                                 ".nan",
                                                 "99999999999999999999999",
                                                 "new-9",
                                                 "orchestrator",
                                                 "[1, [2, [3]]]",
                                                 "{a: b}",
                                                 "-",
                                                 ":",
                                                 "'unterminated",
                                                 "\t",
                                                 "yes",
                                                 "2.5",
                                                 "phase:complete+-1s",
                                                 "0s",
                                                 "[[a], [b], [c]]",
                                                 "\x01\xff"};
  std::vector<std::string> lines = SplitLines(text);
  switch (rng.Below(6)) {
    case 0:  // delete a character
      if (!text.empty()) text.erase(rng.Below(text.size()), 1);
      return text;
    case 1:  // duplicate a line
      if (!lines.empty()) {
        const std::size_t i = rng.Below(lines.size());
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i), lines[i]);
      }
      return JoinLines(lines);
    case 2:  // swap two lines
      if (lines.size() > 1)
        std::swap(lines[rng.Below(lines.size())], lines[rng.Below(lines.size())]);
      return JoinLines(lines);
    case 3: {  // replace a scalar after ": " with junk
      if (lines.empty()) return text;
      std::string& line = lines[rng.Below(lines.size())];
      const std::size_t colon = line.find(": ");
      if (colon == std::string::npos) return text;
      std::size_t end = line.find_first_of(",}]#", colon + 2);
      if (end == std::string::npos) end = line.size();
      line.replace(colon + 2, end - colon - 2, kJunk[rng.Below(kJunk.size())]);
      return JoinLines(lines);
    }
    case 4:  // truncate
      return text.substr(0, rng.Below(text.size() + 1));
    default:  // insert junk anywhere
      return text.insert(rng.Below(text.size() + 1), kJunk[rng.Below(kJunk.size())]);
  }
}

bool IsPositionedLine(const std::string& message, const std::string& label) {
  if (!message.starts_with(label + ":")) return false;
  if (message.find('\n') != std::string::npos) return false;
  std::size_t i = label.size() + 1;
  for (int part = 0; part < 2; ++part) {
    const std::size_t begin = i;
    while (i < message.size() && std::isdigit(static_cast<unsigned char>(message[i]))) ++i;
    if (i == begin || i >= message.size() || message[i] != ':') return false;
    ++i;
  }
  return message.compare(i, 1, " ") == 0 && message.size() > i + 1;
}

TEST(ScenarioFuzz, MutatedFilesLoadOrFailWithOnePositionedLine) {
  const std::string minimal = ReadFile(kSourceDir / "scenarios/examples/minimal.yaml");
  ASSERT_FALSE(minimal.empty());
  sim::RngStream rng(2024, "scenario.fuzz");
  constexpr int kCases = 2'000;
  int loaded = 0;
  for (int i = 0; i < kCases; ++i) {
    std::string text = minimal;
    const std::uint64_t mutations = 1 + rng.Below(3);
    for (std::uint64_t m = 0; m < mutations; ++m) text = Mutate(text, rng);
    sim::Result<Scenario, LoadError> result = Scenario{};
    ASSERT_NO_THROW(result = LoadScenarioText(text, "fuzz.yaml")) << "case " << i << ":\n" << text;
    if (result.has_value()) {
      ++loaded;
      continue;
    }
    EXPECT_TRUE(IsPositionedLine(result.error().message, "fuzz.yaml"))
        << "case " << i << ": " << result.error().message << "\n"
        << text;
  }
  // Both sides must be exercised: some mutations are harmless, most are not.
  EXPECT_GT(loaded, kCases / 50);
  EXPECT_LT(loaded, kCases - kCases / 10);
}

TEST(ScenarioFuzz, RandomOverridesLoadOrFailWithOneLine) {
  const std::string minimal = ReadFile(kSourceDir / "scenarios/examples/minimal.yaml");
  ASSERT_FALSE(minimal.empty());
  static const std::vector<std::string> kPaths = {"seed",
                                                  "name",
                                                  "cluster.shards",
                                                  "cluster.groups.0.nodes.1",
                                                  "cluster.groups.1",
                                                  "migrations.0.move",
                                                  "migrations.0",
                                                  "migrations.1.add_node",
                                                  "migration.start",
                                                  "faults.0.probability",
                                                  "faults.1.between",
                                                  "faults.2",
                                                  "faults.3.kind",
                                                  "faults.x",
                                                  "workload.keys.dist",
                                                  "workload.bursts.0.at",
                                                  "network.latency",
                                                  "network.latency.dist",
                                                  "swarm.window",
                                                  "sweep.seeds",
                                                  "sweep.matrix.seed",
                                                  "expect.lost",
                                                  "run.until",
                                                  "anti_entropy",
                                                  "zz.top",
                                                  "faults.0.node.deep"};
  static const std::vector<std::string> kValues = {"",
                                                   "0",
                                                   "1",
                                                   "-1",
                                                   "true",
                                                   "1e3",
                                                   "1.5",
                                                   "new-3",
                                                   "orchestrator",
                                                   "old-0",
                                                   "[]",
                                                   "{}",
                                                   "[0, 1]",
                                                   "[[a], [b]]",
                                                   "{kind: crash, target: old-0, at: 1s}",
                                                   "phase:complete+1s",
                                                   "phase:nope",
                                                   "5ms",
                                                   "[",
                                                   "{a: ",
                                                   "a: b",
                                                   "~",
                                                   "\"x\"",
                                                   "!!str 3",
                                                   "*x",
                                                   "zipf",
                                                   "{dist: fixed, value: 1ms}",
                                                   "{min: 1, max: 0}"};
  sim::RngStream rng(7, "scenario.fuzz.set");
  constexpr int kCases = 1'000;
  for (int i = 0; i < kCases; ++i) {
    std::vector<std::string> sets;
    const std::uint64_t count = 1 + rng.Below(3);
    for (std::uint64_t k = 0; k < count; ++k) {
      sets.push_back(kPaths[rng.Below(kPaths.size())] + "=" + kValues[rng.Below(kValues.size())]);
    }
    sim::Result<Scenario, LoadError> result = Scenario{};
    ASSERT_NO_THROW(result = LoadScenarioText(minimal, "fuzz.yaml", sets)) << sets[0];
    if (result.has_value()) continue;
    const std::string& message = result.error().message;
    EXPECT_TRUE(message.starts_with("--set ") || IsPositionedLine(message, "fuzz.yaml")) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

// ---------------------------------------------------------------------------
// Every scenario in scenarios/ loads; every file of the bad corpus fails with
// the line its first comment pins. tools/check_schema.py checks the schema
// side of both.

std::vector<std::filesystem::path> YamlFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ScenarioCorpus, EveryScenarioInTheTreeLoads) {
  const auto files = YamlFiles(kSourceDir / "scenarios");
  ASSERT_FALSE(files.empty()) << "no scenarios under " << kSourceDir;
  for (const auto& file : files) {
    const auto loaded = LoadScenarioFile(file.string());
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
  }
}

TEST(ScenarioCorpus, EveryBadFileFailsWithItsPinnedLine) {
  const auto dir = kSourceDir / "tests/tools/scenario/bad_scenarios";
  const auto files = YamlFiles(dir);
  ASSERT_GE(files.size(), 20u) << "bad corpus missing under " << dir;
  for (const auto& file : files) {
    const std::string text = ReadFile(file);
    constexpr std::string_view kPrefix = "# expect: ";
    ASSERT_TRUE(text.starts_with(kPrefix)) << file << " lacks a first-line `# expect:`";
    const std::string expected = text.substr(kPrefix.size(), text.find('\n') - kPrefix.size());
    const std::string label = "bad/" + file.filename().string();
    const auto loaded = LoadScenarioText(text, label);
    ASSERT_FALSE(loaded.has_value()) << file << " loaded";
    EXPECT_EQ(loaded.error().message, label + ":" + expected) << file;
  }
}

TEST(ScenarioErrors, MigrationsShareOneDrainSettleRule) {
  EXPECT_EQ(ErrorOf("name: n\nmigrations:\n  - {add_node: a}\n  - {add_node: b, drain_settle: "
                    "per_target}\n"),
            "scenarios/x.yaml:4:33: migrations[1].drain_settle: every migration shares the "
            "coordinator's in-flight list, so all must name the same rule (migrations[0] has "
            "count)");
  const Scenario s = Load("name: n\nmigration: {drain_settle: per_target, drain_retries: 2}\n");
  EXPECT_EQ(s.model.migrations[0].coordinator.drain_settle, model::DrainSettle::kPerTarget);
  EXPECT_EQ(s.model.migrations[0].drain_retries, 2u);
  EXPECT_EQ(Load("name: n\nmigration: {}\n").model.migrations[0].coordinator.drain_settle,
            model::DrainSettle::kCount);  // the original's rule by default
}

TEST(ScenarioErrors, OneMigrationPerShardIsBoundedByTheDriverLimit) {
  std::string text = "name: n\ncluster: {shards: 65536}\nmigrations:\n";
  for (int m = 0; m < 16; ++m) text += fmt::format("  - {{add_node: n{}, split: per_shard}}\n", m);
  EXPECT_EQ(ErrorOf(text),
            "scenarios/x.yaml:19:5: migrations[15]: up to 1048576 coordinator migrations (split: "
            "per_shard begins one per shard), more than the limit of 1048575");
}

TEST(ScenarioForms, PlacementShardsAndAFailurePatternAsTheOriginalsTestsWriteThem) {
  const Scenario s = Load(
      "name: n\ncluster: {shards: 4, groups: [{nodes: [old-0, old-1]}], placement: [[old-0], "
      "[old-0], [old-1]]}\nworkload: {shards: [0, 2]}\nfaults:\n  - {kind: write_failure, "
      "node: old-1, pattern: {every: 50}}\n");
  EXPECT_EQ(s.model.cluster.placement,
            (std::vector<std::vector<std::string>>{{"old-0"}, {"old-0"}, {"old-1"}}));
  EXPECT_EQ(s.model.workload.shards, (std::vector<std::uint32_t>{0, 2}));
  const auto& failure = std::get<model::WriteFailure>(s.model.faults.at(0));
  EXPECT_EQ(failure.every, 50u);
  EXPECT_EQ(failure.offset, 0u);
  EXPECT_EQ(model::FaultWords(s.model.faults[0]), "every 50th write failing on old-1");
}

TEST(ScenarioErrors, PlacementAndPatternMistakes) {
  const std::string cluster = "name: n\ncluster: {groups: [{nodes: [a, b]}], placement: ";
  EXPECT_EQ(ErrorOf(cluster + "[[a, b]]}\n"),
            "scenarios/x.yaml:2:50: cluster.placement[0]: 2 owners in cluster.groups[0], not "
            "replication_factor (1)");
  EXPECT_EQ(ErrorOf(cluster + "[[c]]}\n"),
            "scenarios/x.yaml:2:51: cluster.placement[0][0]: \"c\" is not a node of "
            "cluster.groups");
  const std::string fault = "name: n\nfaults:\n  - {kind: write_failure, node: old-0";
  EXPECT_EQ(ErrorOf(fault + "}\n"),
            "scenarios/x.yaml:3:5: faults[0]: a write_failure takes probability or pattern, one "
            "of them");
  EXPECT_EQ(ErrorOf(fault + ", probability: 0.1, pattern: {every: 2}}\n"),
            "scenarios/x.yaml:3:67: faults[0]: a write_failure takes probability or pattern, not "
            "both");
  EXPECT_EQ(ErrorOf(fault + ", pattern: {every: 2, offset: 2}}\n"),
            "scenarios/x.yaml:3:68: faults[0].pattern.offset: must be at most 1, got 2");
}

TEST(ScenarioErrors, BytesThatAreNotUtf8AreShownEscapedAndTheErrorStaysOneLine) {
  EXPECT_EQ(ErrorOf("name: n\nrouter: {ack: \"\xff\xfe\"}\n"),
            "scenarios/x.yaml:2:15: router.ack: expected any_reply or success_only, got "
            "\"\\xff\\xfe\"");
  EXPECT_EQ(ErrorOf("name: n\nrouter: {ack: \"caf\xc3\xa9\"}\n"),
            "scenarios/x.yaml:2:15: router.ack: expected any_reply or success_only, got "
            "\"caf\xc3\xa9\"");  // valid UTF-8 is shown as it is
}

TEST(ScenarioErrors, NestingPastTheParsersOwnLimitSaysHowDeep) {
  const std::string deep = "name: n\nx: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
  const std::string error = ErrorOf(deep);
  EXPECT_TRUE(error.starts_with("scenarios/x.yaml:2:")) << error;
  EXPECT_TRUE(error.ends_with(": nested deeper than 32 levels")) << error;
}

TEST(ScenarioErrors, AScenarioLargerThanTheMachinesMemoryIsRefusedWithItsEstimate) {
  // 1.9e8 documents on 3 of 30 owners each, and a fourth copy on the new node:
  // about 50 GiB, whatever the key space.
  std::string nodes;
  for (int n = 0; n < 30; ++n) nodes += fmt::format("{}n{}", n == 0 ? "" : ", ", n);
  const std::string text = "name: n\ncluster: {replication_factor: 3, groups: [{nodes: [" + nodes +
                           "]}]}\nworkload: {preload: 190000000, keys: {space: 1000000000000}}\n";
  const double memory =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  const auto loaded = LoadScenarioText(text, kLabel);
  ASSERT_TRUE(loaded.has_value() || loaded.error().message.find("GiB") != std::string::npos);
  if (memory > 64.0 * (1u << 30)) GTEST_SKIP() << "a machine with more than 64 GiB holds it";
  ASSERT_FALSE(loaded.has_value());
  EXPECT_TRUE(loaded.error().message.starts_with(
      "scenarios/x.yaml:1:1: workload: a run would need about "))
      << loaded.error().message;
}

TEST(ScenarioErrors, ParallelCopyNeedsOneMigrationPerShard) {
  EXPECT_EQ(ErrorOf("name: n\nmigration: {copy: parallel}\n"),
            "scenarios/x.yaml:2:19: migration.copy: parallel needs split: per_shard (one "
            "migration copies its shards one after another)");
  const Scenario s = Load(
      "name: n\nmigration: {split: per_shard, copy: parallel, track_from: begin, "
      "dual_write_delay: 50ms}\n");
  const model::MigrationConfig& m = s.model.migrations[0];
  EXPECT_EQ(m.split, model::Split::kPerShard);
  EXPECT_EQ(m.copy, model::CopyOrder::kParallel);
  EXPECT_EQ(m.coordinator.track_from, model::TrackFrom::kBegin);
  EXPECT_EQ(m.dual_write_delay, 50 * sim::kMillisecond);
}

// ---------------------------------------------------------------------------
// The configuration in words, which every record carries.

TEST(Describe, ConfigurationInWordsThenTheOverridesTheWordsDoNotState) {
  const std::string file =
      std::string(CUTOVER_SOURCE_DIR) + "/scenarios/seed/cutover_chaos_skip_delta_with_ae.yaml";
  const auto with_sets =
      LoadScenarioFile(file, {"migrations.0.skip_delta_pass=false", "workload.rate=1000"});
  ASSERT_TRUE(with_sets.has_value()) << with_sets.error().message;
  EXPECT_EQ(DescribeConfiguration(with_sets.value()),
            "anti-entropy on, delta pass on, 1 node + new-3, every 10th write failing on new-3 "
            "shard 0, workload.rate=1000");
  const auto plain = LoadScenarioFile(file);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(
      DescribeConfiguration(plain.value()),
      "anti-entropy on, delta pass skipped, 1 node + new-3, every 10th write failing on new-3 "
            "shard 0");
}

TEST(Describe, AnOverrideSetTwiceIsNamedOnceWithItsLastValue) {
  const auto loaded =
      LoadScenarioText("name: n\n", "x.yaml", {"workload.rate=10", "seed=3", "workload.rate=20"});
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(DescribeConfiguration(loaded.value()),
            "anti-entropy on, no migration, 3 nodes, no faults, workload.rate=20, seed=3");
}

TEST(Describe, KnobsOffTheirDefaultAreNamedSoARowSaysItsReading) {
  const auto loaded = LoadScenarioText(
      "name: n\ncluster: {node_apply: newest}\nmigration: {drain_settle: per_target}\n", "x.yaml");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(DescribeConfiguration(loaded.value()),
            "anti-entropy on, delta pass on, 3 nodes + new-3, no faults, drain_settle=per_target, "
            "cluster.node_apply=newest");
}

}  // namespace
}  // namespace tools
