// The scenario-aware mutator: deterministic, and its mutants reach past the
// YAML parser into the loader's checks and the run.
#include "tests/fuzz/mutator.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/fuzz/scenario_harness.h"

namespace fuzz {
namespace {

constexpr const char* kScenario = R"(name: small
seed: 3
cluster: {shards: 4, replication_factor: 1, groups: [{nodes: [old-0]}]}
migration: {add_node: new-1, move: [0, 1], start: 20ms, page_size: 20, page_interval: 1ms}
workload: {preload: 50, writes: 300, rate: 2000, keys: {space: 400}}
faults:
  - {kind: write_failure, node: new-1, probability: 0.05, from: 10ms, until: 80ms}
run: {until: 1s}
)";

TEST(Random, IsTheSameSequenceForTheSameSeed) {
  Random a(42);
  Random b(42);
  Random c(43);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Next(), b.Next());
  EXPECT_NE(Random(42).Next(), c.Next());
}

TEST(ScenarioMutator, TheSameSeedGivesTheSameMutantAndSeedsDiffer) {
  const ScenarioMutator mutator({kScenario});
  std::set<std::string> mutants;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const std::string mutant = mutator.Mutate(kScenario, seed);
    EXPECT_EQ(mutant, mutator.Mutate(kScenario, seed));
    mutants.insert(mutant);
  }
  EXPECT_GE(mutants.size(), 45u);
}

TEST(ScenarioMutator, SomeMutantsAreRefusedInOneLineAndSomeStillRun) {
  const ScenarioMutator mutator({kScenario});
  int refused = 0;
  int ran = 0;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const std::string mutant = mutator.Mutate(kScenario, seed);
    const CaseReport report = CheckScenario(mutant, "m.yaml", false);
    EXPECT_FALSE(report.problem) << *report.problem << "\n" << mutant;
    ran += report.result == CaseResult::kRan;
    refused += report.result == CaseResult::kRefused;
  }
  EXPECT_GE(ran, 20);
  EXPECT_GE(refused, 20);
}

}  // namespace
}  // namespace fuzz
