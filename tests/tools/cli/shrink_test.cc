// Tests for `cutover-sim shrink`: a failing seed of the swarm example down
// to the fault that matters, deterministically, into a scenario that loads
// as it is and still misses at that seed.
#include <gtest/gtest.h>

#include <boost/program_options.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/tools/cli/run_fixtures.h"
#include "tools/cli/commands.h"
#include "tools/experiment/exit_code.h"
#include "tools/experiment/runner.h"
#include "tools/experiment/shrink.h"

namespace tools {
namespace {

const std::string kSwarm = SourcePath("scenarios/examples/swarm.yaml");

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Seed 50 draws four faults; only the crash of the new node fails the run.
TEST(Shrink, AFourFaultSwarmFailureShrinksToItsOneRelevantFault) {
  EXPECT_EQ(ConfigAtSeed(LoadScenarioFile(kSwarm).value(), 50).faults.size(), 4u);
  TempScenario dir("");
  const std::string out = dir.file("min.yaml");
  const Ran ran = Call(ShrinkCommand, {kSwarm, "--seed", "50", "--out", out});
  const std::string& err = ran.err;
  ASSERT_EQ(ran.code, kExitOk) << err;
  EXPECT_NE(err.find("shrink: outcome misses at seed 50 with 4 faults (4 drawn by the swarm)"),
            std::string::npos)
      << err;
  std::stringstream text;
  text << std::ifstream(out).rdbuf();
  EXPECT_EQ(Count(text.str(), "  - {kind: "), 1) << text.str();
  EXPECT_NE(text.str().find("{kind: crash, target: new-a"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("swarm:"), std::string::npos) << text.str();
  // It loads as it is and, at its own seed, still misses.
  const auto shrunk = LoadScenarioFile(out);
  ASSERT_TRUE(shrunk.has_value()) << shrunk.error().message;
  EXPECT_EQ(shrunk.value().model.seed, 50u);
  const ScenarioRun run = RunScenario(shrunk.value(), 50, false);
  EXPECT_FALSE(run.misses.empty());
  EXPECT_EQ(run.config.faults.size(), 1u);
}

// Seed 50 misses `outcome`; six runs take it from four faults to one.
TEST(Shrink, TheSameSeedShrinksTheSameWay) {
  const auto quiet = [](const std::string&) {};
  ShrinkOptions bounded;
  bounded.max_runs = 6;
  const auto a = Shrink(kSwarm, {}, 50, bounded, quiet);
  const auto b = Shrink(kSwarm, {}, 50, bounded, quiet);
  ASSERT_TRUE(a.has_value()) << a.error();
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(a.value().yaml, b.value().yaml);
  EXPECT_EQ(a.value().runs, b.value().runs);
  EXPECT_EQ(a.value().expectation, "outcome");
  EXPECT_EQ(a.value().faults_after, 1u);
}

TEST(Shrink, TheRunBudgetStopsItAndSaysSo) {
  const auto quiet = [](const std::string&) {};
  ShrinkOptions few;
  few.max_runs = 3;
  const auto s = Shrink(kSwarm, {}, 50, few, quiet);
  ASSERT_TRUE(s.has_value()) << s.error();
  EXPECT_TRUE(s.value().out_of_budget);
  EXPECT_LE(s.value().runs, 3u);
}

TEST(Shrink, ABudgetOfNothingIsAUsageError) {
  for (const Args& args : {Args{kSwarm, "--seed", "5", "--max-runs", "0"},
                           Args{kSwarm, "--seed", "5", "--max-seconds", "0"},
                           Args{kSwarm, "--seed", "5", "--max-seconds", "nan"}}) {
    const Ran ran = Call(ShrinkCommand, args);
    EXPECT_EQ(ran.code, kExitUsage) << ran.err;
  }
  // A usage mistake (main() makes it one line, exit 2), not 2^64 - 3 runs.
  testing::internal::CaptureStdout();
  EXPECT_THROW(ShrinkCommand({kSwarm, "--seed", "5", "--max-runs", "-3"}),
               boost::program_options::error);
  testing::internal::GetCapturedStdout();
}

TEST(Shrink, ASeedThatMissesNothingIsOneLineAndExitTwo) {
  const Ran ran = Call(ShrinkCommand, {kSwarm, "--seed", "1", "--set", "swarm.max_faults=0"});
  EXPECT_EQ(ran.code, kExitUsage);
  EXPECT_NE(ran.err.find("nothing to shrink"), std::string::npos) << ran.err;
  EXPECT_EQ(Count(ran.err, "\n"), 1) << ran.err;
}

}  // namespace
}  // namespace tools
