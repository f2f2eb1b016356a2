// What the fuzz harness counts as a problem: an error that is not one clean
// line about the file, an exception, a run that differs from itself.
#include "tests/fuzz/scenario_harness.h"

#include <gtest/gtest.h>

namespace fuzz {
namespace {

TEST(ErrorLineProblem, APositionedLineAboutTheFileIsClean) {
  EXPECT_FALSE(ErrorLineProblem("a.yaml:3:7: seed: expected an integer, got \"x\"", "a.yaml"));
  EXPECT_FALSE(ErrorLineProblem("a.yaml: the file is empty", "a.yaml"));
  EXPECT_FALSE(ErrorLineProblem("a.yaml:1:1: name \"caf\xc3\xa9\" is fine", "a.yaml"));
}

TEST(ErrorLineProblem, LineBreaksControlBytesBadUtf8AndOtherFilesAreProblems) {
  EXPECT_TRUE(ErrorLineProblem("", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("a.yaml:1:1: two\nlines", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("a.yaml:1:1: a \x01 byte", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("a.yaml:1:1: a \x7f byte", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("a.yaml:1:1: cut \xc3", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("a.yaml:1:1: surrogate \xed\xa0\x80", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("a.yaml:1:1: overlong \xc0\xaf", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("b.yaml:1:1: another file", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("a.yamlx:1:1: another file", "a.yaml"));
  EXPECT_TRUE(ErrorLineProblem("bad file", "a.yaml"));
}

TEST(CheckScenario, BadInputIsRefusedWithoutAProblem) {
  const CaseReport report = CheckScenario("name: x\nworkload: {writes: .nan}\n", "a.yaml", false);
  EXPECT_EQ(report.result, CaseResult::kRefused);
  EXPECT_FALSE(report.problem) << *report.problem;
}

TEST(CheckScenario, ALongRunStopsAtTheEventBudgetTheSameWayTwice) {
  const CaseReport report = CheckScenario(
      "name: busy\nworkload: {writes: 100000, rate: 10000}\nrun: {until: 1h}\n", "a.yaml", true);
  EXPECT_EQ(report.result, CaseResult::kRan);
  EXPECT_EQ(report.outcome, "budget");
  EXPECT_FALSE(report.problem) << *report.problem;
}

TEST(CheckScenario, AScenarioTooBigForAFuzzCaseIsLoadedButNotRun) {
  const CaseReport report = CheckScenario(
      "name: big\nworkload: {preload: 2000000, keys: {space: 5000000}}\n",
      "a.yaml", false);
  EXPECT_EQ(report.result, CaseResult::kTooBig);
  EXPECT_FALSE(report.problem);
}

}  // namespace
}  // namespace fuzz
