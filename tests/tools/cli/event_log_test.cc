// `cutover-sim run --events`: the named event log, its fields and flags.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/tools/cli/run_fixtures.h"
#include "tools/cli/commands.h"
#include "tools/experiment/runner.h"

namespace tools {
namespace {

// The named event log's lines, parsed.
std::vector<nlohmann::json> EventLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;
    if (nlohmann::json::accept(line)) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

TEST(EventLog, NamedEventsWithNamedFieldsInTimeOrder) {
  const TempScenario file(kScenario);
  testing::internal::CaptureStdout();
  ASSERT_EQ(RunCommand({file.path(), "--events", file.file("e.jsonl")}), kExitOk);
  testing::internal::GetCapturedStdout();
  const auto lines = EventLines(file.file("e.jsonl"));
  ASSERT_GT(lines.size(), 1000u);
  // Each event and the fields it must carry.
  const std::map<std::string, std::vector<std::string>> fields = {
      {"write_sent", {"doc", "write", "nodes", "owners", "tracked"}},
      {"node_answer", {"node", "doc", "write", "result"}},
      {"write_outcome", {"doc", "write", "result"}},
      {"node_apply", {"node", "doc", "write", "origin", "result", "before"}},
      {"node_delete", {"node", "doc", "by", "write", "before"}},
      {"copy_read", {"node", "doc", "write", "delta"}},
      {"delta_candidate", {"doc"}},
      {"drain_done", {"doc"}},
      {"inflight_cleared", {}},
      {"owners_changed", {"doc", "owners"}},
      {"write_destroyed", {"doc", "write"}},
      {"anti_entropy_pass", {"doc", "compared"}},
      {"phase", {"migration", "phase"}},
      {"shard_state", {"migration", "shard", "state"}},
      {"fault_begin", {"fault", "index"}},
      {"fault_end", {"fault", "index"}},
      {"crash", {"process"}},
      {"restart", {"process"}},
      {"trigger", {"index"}},
      {"checkpoint", {"kind", "lost"}},
  };
  std::set<std::string> seen;
  std::int64_t last = 0;
  for (const auto& line : lines) {
    const std::string event = line.at("event");
    ASSERT_TRUE(fields.contains(event)) << line.dump();
    seen.insert(event);
    for (const std::string& field : fields.at(event)) EXPECT_TRUE(line.contains(field)) << line.dump();
    EXPECT_GE(line.at("t_ns").get<std::int64_t>(), last) << line.dump();
    last = line.at("t_ns");
  }
  for (const char* event : {"write_sent", "node_answer", "write_outcome", "node_apply", "copy_read",
                            "phase", "shard_state", "fault_begin", "checkpoint"}) {
    EXPECT_TRUE(seen.contains(event)) << event;
  }
  EXPECT_EQ(lines.back().at("event"), "checkpoint");
  EXPECT_EQ(lines.back().at("kind"), "end");
}

TEST(EventLog, OneDocumentKernelLinesAndALimitAreFlags) {
  const TempScenario file(kScenario);
  testing::internal::CaptureStdout();
  ASSERT_EQ(RunCommand({file.path(), "--events", file.file("doc.jsonl"), "--events-doc",
                        "doc-0042"}),
            kExitOk);
  ASSERT_EQ(RunCommand({file.path(), "--events", file.file("kernel.jsonl"), "--events-kernel"}),
            kExitOk);
  testing::internal::GetCapturedStdout();
  const auto doc = EventLines(file.file("doc.jsonl"));
  bool phases = false;
  for (const auto& line : doc) {
    if (line.contains("doc")) {
      EXPECT_EQ(line.at("doc"), "doc-0042") << line.dump();
    }
    phases = phases || line.at("event") == "phase";
  }
  EXPECT_TRUE(phases);  // the run's own events stay
  std::set<std::string> kernel;
  for (const auto& line : EventLines(file.file("kernel.jsonl"))) kernel.insert(line.at("event"));
  EXPECT_TRUE(kernel.contains("deliver") && kernel.contains("timer"));
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  ASSERT_EQ(RunCommand({file.path(), "--events", file.file("cut.jsonl"), "--events-max-lines",
                        "100"}),
            kExitOk);
  testing::internal::GetCapturedStdout();
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(EventLines(file.file("cut.jsonl")).size(), 100u);
  EXPECT_EQ(err, "cutover-sim run: --events: stopped after 100 lines (--events-max-lines)\n");
}

TEST(EventLog, RecordingTheLogChangesNothingOfTheRun) {
  const Scenario scenario = Load(kScenario);
  const ScenarioRun plain = RunScenario(scenario, 3, false);
  const TempScenario file(kScenario);
  testing::internal::CaptureStdout();
  ASSERT_EQ(RunCommand({file.path(), "--json", "--events", file.file("e.jsonl")}), kExitOk);
  const auto record = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  EXPECT_EQ(record.at("trace_hash"), fmt::format("{:016x}", plain.record.result.trace_hash));
}

TEST(EventLog, NamesTheSwarmsDrawnFaults) {
  const TempScenario file(std::string(kScenario) +
                          "swarm: {kinds: [crash], max_faults: 3, window: [0s, 5s]}\n");
  testing::internal::CaptureStdout();
  ASSERT_EQ(RunCommand({file.path(), "--seed", "2", "--events", file.file("e.jsonl")}), kExitOk);
  testing::internal::GetCapturedStdout();
  int drawn = 0;
  for (const auto& line : EventLines(file.file("e.jsonl"))) {
    if (line.at("event") != "fault_begin") continue;
    EXPECT_FALSE(line.at("fault").get<std::string>().starts_with("fault ")) << line.dump();
    drawn += line.at("index").get<int>() >= 1;  // the file's own fault is index 0
  }
  EXPECT_GT(drawn, 0);
}

}  // namespace
}  // namespace tools
