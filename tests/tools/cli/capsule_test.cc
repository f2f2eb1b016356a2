// Tests for capsules (run --capsule, replay) and for the drawn faults as
// text (run --print-faults): what a user does to carry a failing seed to
// another machine or to edit the schedule that failed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "model/version.h"
#include "tests/tools/cli/run_fixtures.h"
#include "tools/cli/commands.h"
#include "tools/experiment/capsule.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/scenario.h"

namespace tools {
namespace {

using Json = nlohmann::json;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Capsule, ARunsCapsuleReplaysToTheSameTraceHash) {
  TempScenario dir("");
  const std::string capsule = dir.file("swarm.capsule.json");
  const Ran run = Call(RunCommand, {SourcePath("scenarios/examples/swarm.yaml"), "--seed", "5",
                                    "--capsule", capsule});
  ASSERT_EQ(run.code, kExitMissed) << run.err;  // seed 5 loses writes
  const Json json = Json::parse(ReadAll(capsule));
  EXPECT_EQ(json.at("model_version"), model::kModelVersion);
  EXPECT_EQ(json.at("seed"), 5);
  EXPECT_NE(json.at("faults").get<std::string>().find("faults:\n  - {kind: "), std::string::npos);
  EXPECT_FALSE(json.at("misses").empty());
  const Ran replay = Call(ReplayCommand, {capsule});
  EXPECT_EQ(replay.code, kExitOk) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("replay: trace hash " + json.at("trace_hash").get<std::string>() +
                            " matches the capsule's"),
            std::string::npos)
      << replay.out;
}

TEST(Capsule, CarriesTheScenarioAsItRanNotAsTheFileReadsNow) {
  TempScenario dir(kScenario);
  const auto loaded = LoadScenarioFile(dir.path());
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const ScenarioRun run = RunScenario(loaded.value(), 1, /*keep_trace=*/false);
  std::ofstream(dir.path()) << "name: changed after the run\n";  // a sweep runs for hours
  const Json capsule = Json::parse(MakeCapsule(loaded.value(), run));
  EXPECT_EQ(capsule.at("scenario_text"), kScenario);
}

TEST(Capsule, CarriesTheKeyFileItsScenarioReads) {
  TempScenario dir("");
  const std::string capsule = dir.file("keys.capsule.json");
  ASSERT_EQ(Call(RunCommand, {SourcePath("scenarios/examples/own_keys.yaml"), "--capsule", capsule})
                .code,
            kExitOk);
  EXPECT_FALSE(Json::parse(ReadAll(capsule)).at("key_file_text").get<std::string>().empty());
  const Ran replay = Call(ReplayCommand, {capsule});
  EXPECT_EQ(replay.code, kExitOk) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("matches the capsule's"), std::string::npos) << replay.out;
}

// A capsule with another hash: under the same model version a regression
// (exit 1); under another model version only what it is (exit 0).
TEST(Capsule, AnotherHashIsAMismatchOnlyUnderTheSameModelVersion) {
  TempScenario dir("");
  const std::string capsule = dir.file("small.capsule.json");
  std::ofstream(dir.path()) << kScenario;
  ASSERT_EQ(Call(RunCommand, {dir.path(), "--capsule", capsule}).code, kExitOk);
  Json json = Json::parse(ReadAll(capsule));
  json["trace_hash"] = "0123456789abcdef";
  std::ofstream(capsule) << json.dump();
  Ran replay = Call(ReplayCommand, {capsule});
  EXPECT_EQ(replay.code, kExitMissed);
  EXPECT_NE(replay.out.find("differs from the capsule's 0123456789abcdef"), std::string::npos)
      << replay.out;
  json["model_version"] = model::kModelVersion + 1;
  std::ofstream(capsule) << json.dump();
  replay = Call(ReplayCommand, {capsule});
  EXPECT_EQ(replay.code, kExitOk);
  EXPECT_EQ(replay.out.find("differs"), std::string::npos) << replay.out;
  EXPECT_NE(replay.out.find("the capsule is of model version " +
                            std::to_string(model::kModelVersion + 1)),
            std::string::npos)
      << replay.out;
}

TEST(Capsule, ABrokenCapsuleIsOneLineAndExitTwo) {
  TempScenario dir("");
  const std::string capsule = dir.file("bad.json");
  std::ofstream(capsule) << "{\"capsule\": 1,\n \"seed\": }";
  Ran replay = Call(ReplayCommand, {capsule});
  EXPECT_EQ(replay.code, kExitUsage);
  EXPECT_TRUE(replay.err.starts_with(capsule + ":2:")) << replay.err;
  EXPECT_EQ(std::count(replay.err.begin(), replay.err.end(), '\n'), 1) << replay.err;
  std::ofstream(capsule) << "{\"capsule\": 1, \"model_version\": 1, \"seed\": 1}";
  replay = Call(ReplayCommand, {capsule});
  EXPECT_EQ(replay.code, kExitUsage);
  EXPECT_EQ(replay.err, capsule + ":1:1: not a capsule: \"commit\" must be a string\n");
  std::ofstream(capsule) << "{\"capsule\": 1, \"seed\": 1e400}";
  replay = Call(ReplayCommand, {capsule});
  EXPECT_EQ(replay.code, kExitUsage);
  EXPECT_TRUE(replay.err.starts_with(capsule + ":1:1: not a capsule: number overflow")) << replay.err;
  replay = Call(ReplayCommand, {dir.file("none.json")});
  EXPECT_EQ(replay.code, kExitUsage);
  EXPECT_EQ(replay.err, dir.file("none.json") + ":1:1: no such file\n");
}

// A sweep writes one capsule per run that misses, and each replays.
TEST(Capsule, ASweepWritesOneForEachMissAndEachReplays) {
  TempScenario dir("");
  const std::string capsules = dir.file("capsules");
  const Ran sweep = Call(SweepCommand, {SourcePath("scenarios/examples/swarm.yaml"), "--seeds", "4..9",
                                        "--jobs", "2", "--out", dir.file("r.jsonl"),
                                        "--capsules", capsules});
  ASSERT_EQ(sweep.code, kExitMissed) << sweep.err;
  std::vector<std::string> written;
  for (const auto& entry : std::filesystem::directory_iterator(capsules)) {
    written.push_back(entry.path().filename().string());
  }
  std::sort(written.begin(), written.end());
  EXPECT_EQ(written, (std::vector<std::string>{"example_swarm-1-seed5.capsule.json",
                                               "example_swarm-5-seed9.capsule.json"}));
  EXPECT_NE(sweep.err.find("  capsule: " + capsules + "/example_swarm-1-seed5.capsule.json\n"),
            std::string::npos)
      << sweep.err;
  for (const std::string& name : written) {
    const Ran replay = Call(ReplayCommand, {capsules + "/" + name});
    EXPECT_EQ(replay.code, kExitOk) << name << replay.out;
  }
}

// The printed list, with the swarm off, is the same run: the same trace
// hash at every seed, every kind of fault drawn among them.
TEST(PrintFaults, TheDrawnFaultsLoadAsTheyAreAndRunTheSameTraceHash) {
  const std::string file = SourcePath("scenarios/examples/swarm.yaml");
  const std::vector<std::string> all_kinds = {
      "swarm.kinds=[partition, crash, write_failure, slow, stall, clock_skew]"};
  std::size_t faults = 0;  // over the seeds: the comparison is of something
  for (const std::string seed : {"1", "2", "3", "4", "5", "6"}) {
    SCOPED_TRACE(seed);
    Args print = {file, "--seed", seed, "--print-faults", "--set", all_kinds[0]};
    const Ran printed = Call(RunCommand, print);
    ASSERT_EQ(printed.code, kExitOk) << printed.err;
    // "  - {...}" lines, joined into one flow list for --set.
    std::string list;
    std::istringstream lines(printed.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("  - ")) continue;
      list += (list.empty() ? "" : ", ") + line.substr(4);
      ++faults;
    }
    const auto swarm = LoadScenarioFile(file, all_kinds);
    const auto fixed =
        LoadScenarioFile(file, {all_kinds[0], "swarm.max_faults=0", "faults=[" + list + "]"});
    ASSERT_TRUE(swarm.has_value()) << swarm.error().message;
    ASSERT_TRUE(fixed.has_value()) << fixed.error().message;
    const std::uint64_t n = std::stoull(seed);
    EXPECT_EQ(RunScenario(fixed.value(), n, false).record.result.trace_hash,
              RunScenario(swarm.value(), n, false).record.result.trace_hash)
        << list;
  }
  EXPECT_GE(faults, 6u);
}

}  // namespace
}  // namespace tools
