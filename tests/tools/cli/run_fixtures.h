// tests/tools/cli/run_fixtures.h
//
// What the tests of `cutover-sim run` share: a small scenario with a real
// cutover, loading it, and a scenario file in a temporary directory.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tools/scenario/scenario.h"

namespace tools {

// Small enough to run in a few milliseconds, with a real cutover: 5 % of the
// writes to new-1 fail while it is dual-written, and the delta pass is on.
inline constexpr const char* kScenario = R"(name: small
seed: 3
cluster: {shards: 4, replication_factor: 1, groups: [{nodes: [old-0]}]}
migration: {add_node: new-1, move: [0, 1], start: 200ms, page_size: 20, page_interval: 10ms,
            drain_settle: per_target}
workload: {preload: 200, writes: 3000, rate: 2000, keys: {space: 4000}}
faults:
  - {kind: write_failure, node: new-1, probability: 0.05, from: phase:dual_write_migrating, until: phase:cutover_draining}
run: {until: 10s}
)";

// A file of the source tree: "scenarios/examples/swarm.yaml".
inline std::string SourcePath(const std::string& file) {
  return std::string(CUTOVER_SOURCE_DIR) + "/" + file;
}

// A command's exit code and what it printed.
struct Ran {
  int code = 0;
  std::string out;
  std::string err;
};
inline Ran Call(int (*command)(const std::vector<std::string>&),
                const std::vector<std::string>& args) {
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  Ran ran;
  ran.code = command(args);
  ran.out = testing::internal::GetCapturedStdout();
  ran.err = testing::internal::GetCapturedStderr();
  return ran;
}

inline Scenario Load(const std::string& text, const std::vector<std::string>& sets = {}) {
  auto loaded = LoadScenarioText(text, "small.yaml", sets);
  EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
  return loaded.value();
}

// A scenario file in a fresh temporary directory.
class TempScenario {
 public:
  explicit TempScenario(const std::string& text) {
    dir_ = std::filesystem::temp_directory_path() /
           ("cutover-run-test-" + std::to_string(getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    std::ofstream(path()) << text;
  }
  ~TempScenario() { std::filesystem::remove_all(dir_); }
  std::string path() const { return (dir_ / "scenario.yaml").string(); }
  std::string file(const char* name) const { return (dir_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

}  // namespace tools
