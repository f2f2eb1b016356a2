// Tests for `cutover-sim diff`: one seed under two configurations, where
// the runs part and what each loses that the other does not.
#include <gtest/gtest.h>

#include <string>

#include "tests/tools/cli/run_fixtures.h"
#include "tools/cli/commands.h"
#include "tools/experiment/exit_code.h"

namespace tools {
namespace {

std::string Diff(const Args& args, int* code = nullptr) {
  const Ran ran = Call(DiffCommand, args);
  if (code != nullptr) *code = ran.code;
  return ran.out + ran.err;
}

TEST(Diff, DeltaPassOnAndSkippedPartWhereTheDeltaPassBeginsAndOnlySkippedLoses) {
  int code = -1;
  const std::string out = Diff({SourcePath("scenarios/findings/anti-entropy-single-replica.yaml"),
                                "--a", "migrations.0.skip_delta_pass=false", "--b",
                                "migrations.0.skip_delta_pass=true"},
                               &code);
  EXPECT_EQ(code, kExitOk);
  EXPECT_NE(out.find("first divergence at record"), std::string::npos) << out;
  EXPECT_NE(out.find("  A            "), std::string::npos) << out;
  const std::size_t a_line = out.find("  A            ");
  EXPECT_NE(out.find("\"state\":\"delta_pass\"", a_line), std::string::npos) << out;
  EXPECT_NE(out.find("lost in A only  0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("lost in B only  50 (no_replica_for_anti_entropy 50): doc-"),
            std::string::npos)
      << out;
}

TEST(Diff, DrainSettleCountAndPerTargetPartAtTheDrain) {
  int code = -1;
  const std::string out =
      Diff({SourcePath("scenarios/findings/never-settling-drain.yaml"), "--a",
            "migrations.0.drain_settle=count", "--b", "migrations.0.drain_settle=per_target"},
           &code);
  EXPECT_EQ(code, kExitOk);
  const std::size_t b_line = out.find("  B            ");
  ASSERT_NE(b_line, std::string::npos) << out;
  EXPECT_NE(out.find("\"state\":\"delta_pass\"", b_line), std::string::npos) << out;
  // The runs part at the drain, yet neither reading loses a document here.
  EXPECT_NE(out.find("lost in A only  0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("lost in B only  0\n"), std::string::npos) << out;
}

TEST(Diff, TheSameConfigurationTwiceDoesNotPart) {
  const std::string out = Diff({SourcePath("scenarios/examples/minimal.yaml"), "--a",
                                "workload.writes=2000 faults=[]", "--b", "faults=[]",
                                "--b", "workload.writes=2000"});
  EXPECT_NE(out.find("  A: workload.writes=2000 faults=[]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("the runs do not part"), std::string::npos) << out;
}

TEST(Diff, NothingToCompareIsAUsageError) {
  int code = -1;
  const std::string out = Diff({SourcePath("scenarios/examples/minimal.yaml")}, &code);
  EXPECT_EQ(code, kExitUsage);
  EXPECT_NE(out.find("--a or --b must change something"), std::string::npos) << out;
  Diff({SourcePath("scenarios/examples/minimal.yaml"), "--a", "workload.writes=lots"}, &code);
  EXPECT_EQ(code, kExitUsage);
}

}  // namespace
}  // namespace tools
