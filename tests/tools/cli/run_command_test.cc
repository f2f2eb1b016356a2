// `cutover-sim run` and `check`, and the RunScenario they share: swarm draws,
// expectations, reproduce lines, trace files, exit codes.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <set>

#include "model/version.h"
#include "tests/tools/cli/run_fixtures.h"
#include "tools/cli/commands.h"
#include "tools/experiment/runner.h"
#include "tools/report/trace_file.h"

namespace tools {
namespace {


TEST(RunDeterminism, SameScenarioAndSeedGiveSameTraceHash) {
  const Scenario scenario = Load(kScenario);
  const ScenarioRun a = RunScenario(scenario, 3, false);
  const ScenarioRun b = RunScenario(scenario, 3, false);
  const ScenarioRun other = RunScenario(scenario, 4, false);
  EXPECT_EQ(a.record.result.trace_hash, b.record.result.trace_hash);
  EXPECT_EQ(a.record.result.events, b.record.result.events);
  EXPECT_NE(a.record.result.trace_hash, other.record.result.trace_hash);
}

TEST(RunDeterminism, KeepingTheTraceDoesNotChangeTheRun) {
  const Scenario scenario = Load(kScenario);
  const ScenarioRun plain = RunScenario(scenario, 3, false);
  const ScenarioRun traced = RunScenario(scenario, 3, true);
  EXPECT_EQ(plain.record.result.trace_hash, traced.record.result.trace_hash);
  EXPECT_FALSE(traced.record.result.trace.empty());
}

TEST(RunScenario, RecordCarriesSeedParamsAndCheckerFigures) {
  const Scenario scenario = Load(kScenario, {"migrations.0.skip_delta_pass=true"});
  const ScenarioRun run = RunScenario(scenario, 5, false);
  const auto record = nlohmann::ordered_json::parse(WriteRecordLine(run.record));
  EXPECT_EQ(record["seed"], 5);
  EXPECT_EQ(record["params"]["migrations.0.skip_delta_pass"], "true");
  EXPECT_EQ(record["lost"], run.record.result.at_end.lost);
  EXPECT_EQ(record["outcome"], "complete");
  EXPECT_EQ(record["knobs"]["migrations.0.skip_delta_pass"], "true");
  EXPECT_EQ(record["knobs"]["migrations.0.cutover_writes"], "hold");
  EXPECT_EQ(record["knobs"]["router.ack"], "any_reply");
  for (const char* key : {"scenario",        "file",          "reason",
                          "phase_reached",   "writes",        "acked_docs",
                          "lost_at_cutover", "divergent",     "resurrected",
                          "loss_rate",       "migrated_docs", "delta_docs",
                          "ae_repairs",      "drain",         "cdc",
                          "sim_time_ns",     "events",        "trace_hash",
                          "wall_ms",         "configuration", "knobs"}) {
    EXPECT_TRUE(record.contains(key)) << key;
  }
  // How fast it ran: earned from the run's own figures.
  EXPECT_GT(record["speed"]["events_per_s"].get<double>(), 0.0);
  EXPECT_GT(record["speed"]["sim_s_per_wall_s"].get<double>(), 0.0);
  EXPECT_GT(record["speed"]["peak_rss_mib"].get<double>(), 1.0);
}

TEST(Expectations, EachMissIsNamedWithItsValueAndRange) {
  Scenario scenario =
      Load(std::string(kScenario) + "expect: {outcome: refused, lost: {min: 5, max: 9}}\n");
  const ScenarioRun run = RunScenario(scenario, 3, false);
  ASSERT_EQ(run.misses.size(), 2u);
  EXPECT_EQ(run.misses[0], "outcome: complete (reason: none), expected refused");
  EXPECT_EQ(run.misses[1],
            fmt::format("lost: {}, expected in [5, 9]", run.record.result.at_end.lost));
}

TEST(Expectations, HoldingExpectationsGiveNoMiss) {
  const Scenario scenario =
      Load(std::string(kScenario) + "expect: {outcome: complete, lost: 0, delta_docs: {min: 1}}\n");
  EXPECT_TRUE(RunScenario(scenario, 3, false).misses.empty());
}

TEST(Reproduce, CommandNamesFileSeedEverySetQuotedForTheShellAndTheModelVersion) {
  EXPECT_EQ(
      ReproduceCommand("scenarios/a b.yaml", 7, {"migrations.0.skip_delta_pass=true", "name=x'y"}),
      "cutover-sim run 'scenarios/a b.yaml' --seed 7 --set migrations.0.skip_delta_pass=true "
      "--set 'name=x'\\''y' --model-version " +
          std::to_string(model::kModelVersion));
}

TEST(Reproduce, ALineOfAnotherModelVersionRunsWithANote) {
  const std::string file = SourcePath("scenarios/examples/minimal.yaml");
  const Ran other =
      Call(RunCommand, {file, "--model-version", std::to_string(model::kModelVersion + 1)});
  EXPECT_EQ(other.code, kExitOk);
  EXPECT_NE(other.err.find("is of model version " + std::to_string(model::kModelVersion + 1)),
            std::string::npos)
      << other.err;
  const Ran same = Call(RunCommand, {file, "--model-version", std::to_string(model::kModelVersion)});
  EXPECT_EQ(same.err.find("model version"), std::string::npos);
}

TEST(Swarm, SameSeedRedrawsTheSameFaultsAndOtherSeedsDiffer) {
  const Scenario scenario =
      Load(std::string(kScenario) +
           "swarm: {kinds: [partition, crash, write_failure, slow, stall, clock_skew], "
           "max_faults: 6, window: [0s, 5s]}\n");
  std::set<std::vector<std::string>> distinct;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const SwarmDraw a = DrawSwarm(scenario, seed);
    const SwarmDraw b = DrawSwarm(scenario, seed);
    EXPECT_EQ(a.descriptions, b.descriptions);
    EXPECT_LE(a.faults.size(), 6u);
    distinct.insert(a.descriptions);
  }
  EXPECT_GT(distinct.size(), 15u);
}

TEST(Swarm, DrawnFaultsAreRunAndRecorded) {
  const Scenario scenario =
      Load(std::string(kScenario) + "swarm: {kinds: [crash], max_faults: 3, window: [0s, 5s]}\n");
  std::uint64_t seed = 1;
  while (DrawSwarm(scenario, seed).faults.empty()) ++seed;
  const ScenarioRun run = RunScenario(scenario, seed, false);
  EXPECT_EQ(run.config.faults.size(), 1 + DrawSwarm(scenario, seed).faults.size());
  EXPECT_EQ(run.record.context.swarm_faults, DrawSwarm(scenario, seed).descriptions);
  EXPECT_EQ(run.record.context.swarm_faults[0].rfind("crash target=", 0), 0u)
      << run.record.context.swarm_faults[0];
}

TEST(Swarm, APartitionInAOneNodeClusterCutsTheOrchestratorFromIt) {
  const Scenario scenario = Load(R"(name: one
cluster: {groups: [{nodes: [a]}]}
migrations: []
swarm: {kinds: [partition], max_faults: 4, window: [0s, 1s]}
)");
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    for (const model::FaultConfig& fault : DrawSwarm(scenario, seed).faults) {
      const auto& f = std::get<model::Partition>(fault);
      EXPECT_EQ(f.side_a, std::vector<std::string>{"orchestrator"});
      EXPECT_EQ(f.side_b, std::vector<std::string>{"a"});
    }
  }
}

TEST(Swarm, WithoutTheBlockNothingIsDrawn) {
  EXPECT_TRUE(DrawSwarm(Load(kScenario), 1).faults.empty());
}

TEST(ChromeTrace, IsValidTraceEventJsonWithPhasesFaultsAndCounters) {
  const Scenario scenario = Load(kScenario);
  const ScenarioRun run = RunScenario(scenario, 3, true);
  const nlohmann::json trace = nlohmann::json::parse(ChromeTrace(run.record.result, run.config));
  ASSERT_TRUE(trace["traceEvents"].is_array());
  std::set<std::string> phases;
  int faults = 0;
  int counters = 0;
  int names = 0;
  for (const auto& event : trace["traceEvents"]) {
    ASSERT_TRUE(event.contains("ph"));
    ASSERT_TRUE(event.contains("pid"));
    const std::string ph = event["ph"];
    if (ph == "X" || ph == "i") {
      ASSERT_TRUE(event["ts"].is_number());
    }
    if (ph == "X") {
      ASSERT_GE(event["dur"].get<double>(), 0.0);
    }
    if (ph == "X" && event["cat"] == "phase") phases.insert(event["name"]);
    if (ph == "X" && event["cat"] == "fault") ++faults;
    if (ph == "C") ++counters;
    if (ph == "M") ++names;
  }
  EXPECT_TRUE(phases.count("dual_write_migrating"));
  EXPECT_TRUE(phases.count("cutover_delta_pass"));
  EXPECT_EQ(faults, 1);
  EXPECT_GT(counters, 0);
  EXPECT_GT(names, 3);
}

// The Chrome trace of a run with a crash, two overlapping faults and a loss.
constexpr const char* kTraceScenario = R"(name: traced
seed: 1
cluster: {shards: 4, replication_factor: 1, groups: [{nodes: [old-0, old-1]}]}
migration: {add_node: new-2, move: [0, 1], start: 200ms, page_size: 100, page_interval: 20ms,
            drain_settle: per_target}
anti_entropy: {enabled: false}
workload: {preload: 2000, writes: 8000, rate: 2000, keys: {space: 8000}}
faults:
  - {kind: write_failure, node: new-2, probability: 0.1, from: phase:dual_write_migrating, until: phase:cutover_begin}
  - {kind: write_failure, node: old-0, probability: 0.01, from: phase:dual_write_migrating, until: phase:cutover_begin}
  - {kind: crash, target: orchestrator, at: phase:cutover_begin, restart_after: 1s}
run: {until: phase:complete+1s}
)";

TEST(ChromeTrace, FollowsTheFormatRules) {
  NodeActivity activity(50);  // few, so that thinning happens
  const ScenarioRun run = RunScenario(Load(kTraceScenario), 1, true, nullptr, &activity);
  ASSERT_GT(run.record.result.at_end.lost, 0u);
  const nlohmann::json trace =
      nlohmann::json::parse(ChromeTrace(run.record.result, run.config, &activity));
  std::set<int> named_threads;
  bool named_process = false;
  std::map<int, std::vector<std::pair<double, double>>> slices;  // tid -> (begin, end) in us
  std::set<std::string> counters;
  int lost_instants = 0;
  std::map<int, int> node_marks;  // tid -> sampled applies and deletes
  for (const auto& e : trace.at("traceEvents")) {
    for (const char* field : {"name", "ph", "pid"}) ASSERT_TRUE(e.contains(field)) << e.dump();
    const std::string ph = e.at("ph");
    ASSERT_TRUE(ph == "M" || ph == "X" || ph == "i" || ph == "C") << e.dump();
    if (ph == "M") {
      ASSERT_TRUE(e.at("args").at("name").is_string()) << e.dump();
      if (e.at("name") == "process_name") named_process = true;
      if (e.at("name") == "thread_name") named_threads.insert(e.at("tid").get<int>());
      continue;
    }
    ASSERT_TRUE(e.at("ts").is_number()) << e.dump();  // microseconds
    ASSERT_GE(e.at("ts").get<double>(), 0.0) << e.dump();
    if (ph == "C") {
      counters.insert(e.at("name").get<std::string>());
      continue;
    }
    ASSERT_TRUE(e.at("tid").is_number_integer()) << e.dump();
    if (ph == "i") {
      EXPECT_EQ(e.at("s"), "t") << e.dump();
      if (e.at("cat") == "loss" && e.at("name").get<std::string>().starts_with("lost ")) {
        ++lost_instants;
        const std::string cause = e.at("args").at("cause");
        EXPECT_TRUE(model::ParseLossCause(cause).has_value()) << e.dump();
      }
      if (e.at("cat") == "node") ++node_marks[e.at("tid").get<int>()];
      if (e.at("cat") == "node" || e.at("cat") == "node failure") {
        EXPECT_TRUE(named_threads.contains(e.at("tid").get<int>())) << e.dump();
      }
    } else {
      ASSERT_GE(e.at("dur").get<double>(), 0.0) << e.dump();
      const double begin = e.at("ts");
      slices[e.at("tid")].emplace_back(begin, begin + e.at("dur").get<double>());
    }
  }
  EXPECT_TRUE(named_process);
  for (const auto& [tid, spans] : slices) {
    EXPECT_TRUE(named_threads.contains(tid)) << "track " << tid << " has no thread_name";
    // On one track slices nest or follow each other: none overlaps another partly.
    std::vector<std::pair<double, double>> sorted = spans;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second > b.second;
    });
    // Times are microseconds with nanosecond decimals: equal up to 1 ns.
    constexpr double kNanosecond = 1e-3;
    std::vector<double> open;  // ends of the enclosing slices
    for (const auto& [begin, end] : sorted) {
      while (!open.empty() && open.back() <= begin + kNanosecond) open.pop_back();
      if (!open.empty()) {
        EXPECT_LE(end, open.back() + kNanosecond) << "track " << tid << " overlaps at " << begin;
      }
      open.push_back(end);
    }
  }
  EXPECT_EQ(node_marks.size(), 3u);  // old-0, old-1, new-2
  for (const auto& [tid, marks] : node_marks) EXPECT_LE(marks, 50) << tid;
  EXPECT_TRUE(counters.contains("writes in flight"));
  EXPECT_TRUE(counters.contains("documents missing"));
  EXPECT_EQ(lost_instants, static_cast<int>(run.record.result.exposure.permanent));
}

TEST(RunCommand, WritesTraceAndEventsAndTheJsonRecord) {
  const TempScenario file(kScenario);
  testing::internal::CaptureStdout();
  const int code = RunCommand(
      {file.path(), "--json", "--trace", file.file("t.json"), "--events", file.file("e.jsonl")});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kExitOk);
  EXPECT_EQ(nlohmann::json::parse(out)["seed"], 3);
  std::ifstream trace(file.file("t.json"));
  EXPECT_TRUE(nlohmann::json::accept(trace));
  std::ifstream events(file.file("e.jsonl"));
  std::string line;
  int lines = 0;
  while (std::getline(events, line)) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    ++lines;
  }
  EXPECT_GT(lines, 1000);
}

TEST(RunCommand, AnOutputThatIsTheScenarioOrTheOtherOutputIsRefusedBeforeTheRun) {
  const TempScenario file(kScenario);
  const auto refused = [&](const Args& args) {
    testing::internal::CaptureStderr();
    const int code = RunCommand(args);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(code, kExitUsage) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    return err;
  };
  const std::string both = file.file("x.json");
  EXPECT_EQ(refused({file.path(), "--trace", both, "--events", both}),
            "cutover-sim run: --trace and --events name the same file \"" + both + "\"\n");
  EXPECT_FALSE(std::filesystem::exists(both));
  const std::string before = [&] {
    std::ifstream in(file.path());
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  EXPECT_NE(refused({file.path(), "--events", file.path()}).find("is also an input"),
            std::string::npos);
  std::ifstream in(file.path());
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), before);
}

TEST(RunCommand, AMissExitsOneWithTheReproduceLine) {
  const TempScenario file(std::string(kScenario) + "expect: {lost: {min: 1}}\n");
  testing::internal::CaptureStdout();
  const int code = RunCommand({file.path(), "--seed", "9", "--set", "workload.writes=2000"});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kExitMissed);
  EXPECT_NE(out.find("expectation missed: lost: 0, expected at least 1"), std::string::npos) << out;
  EXPECT_NE(out.find("reproduce: cutover-sim run " + file.path() +
                     " --seed 9 --set workload.writes=2000 --model-version"),
            std::string::npos)
      << out;
}

TEST(RunCommand, MaxEventsEndsTheRunWithOutcomeBudgetAndIsInTheReproduceLine) {
  const TempScenario file(std::string(kScenario) + "expect: {outcome: complete}\n");
  testing::internal::CaptureStdout();
  const int code = RunCommand({file.path(), "--max-events", "500"});
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kExitMissed);
  EXPECT_NE(out.find("outcome: budget"), std::string::npos) << out;
  EXPECT_NE(out.find("--set run.max_events=500"), std::string::npos) << out;
}

TEST(RunCommand, BadInputExitsTwoWithOnePositionedLine) {
  const TempScenario file("name: x\nworkload: {writes: -3}\n");
  testing::internal::CaptureStderr();
  const int code = RunCommand({file.path()});
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kExitUsage);
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_EQ(err.rfind(file.path() + ":2:", 0), 0u) << err;
}

TEST(RunCommand, ANegativeOrNonNumericSeedIsRefused) {
  const TempScenario file(kScenario);
  for (const char* seed : {"-1", "1x", "", "18446744073709551616"}) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(RunCommand({file.path(), "--seed", seed}), kExitUsage) << seed;
    EXPECT_EQ(testing::internal::GetCapturedStderr(),
              fmt::format("cutover-sim run: --seed: expected a number from 0 to "
                          "18446744073709551615, got \"{}\"\n",
                          seed));
  }
}

TEST(RunCommand, AnUnwritableTraceIsRefusedBeforeTheRun) {
  const TempScenario file(kScenario);
  testing::internal::CaptureStderr();
  EXPECT_EQ(RunCommand({file.path(), "--trace", "/nonexistent-dir/t.json"}), kExitUsage);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err.rfind("/nonexistent-dir/t.json: cannot write: ", 0), 0u) << err;
}

TEST(RunCommand, PrintsNothingOnStderrWhenItIsNotATerminal) {
  if (isatty(STDERR_FILENO))
    GTEST_SKIP() << "stderr is a terminal here";  // under ctest it is a pipe
  const TempScenario file(kScenario);
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  EXPECT_EQ(
      RunCommand({file.path(), "--set", "workload.writes=400000", "--set", "workload.rate=200000"}),
      kExitOk);
  testing::internal::GetCapturedStdout();
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(CheckCommand, RunsEveryExpectationAndCountsMisses) {
  const TempScenario good(std::string(kScenario) + "expect: {lost: 0}\n");
  const TempScenario bad(std::string(kScenario) + "expect: {lost: 5}\n");
  testing::internal::CaptureStdout();
  EXPECT_EQ(CheckCommand({good.path()}), kExitOk);
  EXPECT_EQ(CheckCommand({good.path(), bad.path()}), kExitMissed);
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("MISS  " + bad.path()), std::string::npos) << out;
}

}  // namespace
}  // namespace tools
