#include "tools/report/explain.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tools/experiment/runner.h"
#include "tools/scenario/scenario.h"

#ifndef CUTOVER_SOURCE_DIR
#define CUTOVER_SOURCE_DIR "."
#endif

namespace tools {
namespace {

using model::LossCause;

// The explanation of a scenario of the tree at its own seed (or `seed`).
Explanation ExplainScenario(const std::string& file, const std::vector<std::string>& sets = {},
                            std::optional<std::uint64_t> seed = {}) {
  const auto loaded =
      LoadScenarioFile((std::filesystem::path(CUTOVER_SOURCE_DIR) / file).string(), sets);
  EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
  const Scenario& scenario = loaded.value();
  return Explain(ConfigAtSeed(scenario, seed.value_or(scenario.model.seed)));
}

// How many documents each cause explains.
std::map<LossCause, int> Causes(const Explanation& e) {
  std::map<LossCause, int> out;
  for (const ExplainedDoc& d : e.docs) ++out[d.cause];
  return out;
}

// Every lost document is explained, each with a story that ends at its checkpoint.
void ExpectEveryLossExplained(const Explanation& e) {
  EXPECT_EQ(e.docs.size(), e.result.at_end.lost + e.result.at_end.resurrected);
  for (const ExplainedDoc& d : e.docs) {
    ASSERT_NE(d.story, nullptr);
    EXPECT_FALSE(d.story->steps.empty());
  }
}

TEST(Explain, AnErrorReplyCountedTowardTheQuorumIsErrorReplyAcked) {
  const Explanation e = ExplainScenario("scenarios/findings/error-reply-acked.yaml");
  ExpectEveryLossExplained(e);
  ASSERT_GT(e.docs.size(), 0u);
  EXPECT_EQ(Causes(e), (std::map<LossCause, int>{
                           {LossCause::kErrorReplyAcked, static_cast<int>(e.docs.size())}}));
}

TEST(Explain, WritesForgottenByTheCrashedOrchestratorAreTrackingLostInCrash) {
  const Explanation e = ExplainScenario("scenarios/findings/inflight-lost-on-crash.yaml");
  ExpectEveryLossExplained(e);
  ASSERT_GT(e.docs.size(), 0u);
  EXPECT_EQ(Causes(e), (std::map<LossCause, int>{
                           {LossCause::kTrackingLostInCrash, static_cast<int>(e.docs.size())}}));
}

TEST(Explain, AWriteInFlightWhenDualWriteBeganIsUntrackedInFlight) {
  const Explanation e = ExplainScenario("scenarios/findings/write-in-flight-at-dual-write.yaml");
  ExpectEveryLossExplained(e);
  EXPECT_EQ(Causes(e), (std::map<LossCause, int>{{LossCause::kUntrackedInFlight, 1}}));
}

TEST(Explain, ASkippedDeltaPassWithOneReplicaIsNoReplicaForAntiEntropy) {
  const Explanation e = ExplainScenario("scenarios/findings/anti-entropy-single-replica.yaml");
  ExpectEveryLossExplained(e);
  ASSERT_GT(e.docs.size(), 0u);
  EXPECT_EQ(Causes(e), (std::map<LossCause, int>{{LossCause::kNoReplicaForAntiEntropy,
                                                   static_cast<int>(e.docs.size())}}));
}

TEST(Explain, AFailedDualWriteWithoutDeltaPassIsMissedNewDuringDualWrite) {
  // The same run without the reconciler, every shard dual-written to the cutover.
  const Explanation e = ExplainScenario("scenarios/findings/anti-entropy-single-replica.yaml",
                                        {"anti_entropy.enabled=false",
                                         "migrations.0.dual_write_until=cutover"});
  ExpectEveryLossExplained(e);
  ASSERT_GT(e.docs.size(), 0u);
  EXPECT_EQ(Causes(e), (std::map<LossCause, int>{{LossCause::kMissedNewDuringDualWrite,
                                                   static_cast<int>(e.docs.size())}}));
}

TEST(Explain, WritesToAFinishedShardAreWrittenAfterShardCopy) {
  const Explanation e = ExplainScenario("scenarios/findings/finished-shard-not-dual-written.yaml");
  ExpectEveryLossExplained(e);
  const auto causes = Causes(e);
  EXPECT_GE(causes.at(LossCause::kWrittenAfterShardCopy), 300);
  EXPECT_LE(causes.size(), 2u);  // and the odd stale copy
}

TEST(Explain, PreloadedDocumentsThePagesSkippedAreMissedByCopy) {
  const Explanation e = ExplainScenario("scenarios/findings/offset-pagination-skips.yaml");
  ExpectEveryLossExplained(e);
  ASSERT_GT(e.docs.size(), 0u);
  EXPECT_EQ(Causes(e), (std::map<LossCause, int>{
                           {LossCause::kMissedByCopy, static_cast<int>(e.docs.size())}}));
}

TEST(Explain, StaleCopiesResurrectedDeletesAndReorderedDeletesAreNamed) {
  const Explanation e = ExplainScenario("scenarios/findings/delete-resurrected-by-copy.yaml");
  ExpectEveryLossExplained(e);
  const auto causes = Causes(e);
  EXPECT_EQ(causes.at(LossCause::kResurrectedDelete), 3);
  EXPECT_EQ(causes.at(LossCause::kStaleCopyOverwrite), 3);
  EXPECT_EQ(causes.at(LossCause::kReorderedDelete), 1);
  EXPECT_FALSE(causes.contains(LossCause::kUnexplained));
}

TEST(Explain, AWriteStampedByASetBackClockIsSkewedStampLost) {
  const Explanation e = ExplainScenario("scenarios/examples/clock_skew.yaml");
  ExpectEveryLossExplained(e);
  ASSERT_GT(e.docs.size(), 0u);
  EXPECT_EQ(Causes(e), (std::map<LossCause, int>{
                           {LossCause::kSkewedStampLost, static_cast<int>(e.docs.size())}}));
}

TEST(Explain, TheSwarmsFailingSeedFitsInFortyLinesGroupedByCause) {
  const Explanation e = ExplainScenario("scenarios/examples/swarm.yaml", {}, 5);
  ExpectEveryLossExplained(e);
  ASSERT_GT(e.docs.size(), 0u);
  const std::string text = ExplainText(e);
  EXPECT_LE(std::count(text.begin(), text.end(), '\n'), 40);
  for (const ExplainedDoc& d : e.docs) {
    EXPECT_NE(text.find(std::string(model::LossCauseName(d.cause))), std::string::npos);
    EXPECT_NE(text.find(d.key), std::string::npos);  // three or fewer: every one named
  }
}

TEST(Explain, ARunWithoutLossSaysSo) {
  const Explanation e = ExplainScenario("scenarios/examples/minimal.yaml", {"faults=[]"});
  EXPECT_TRUE(e.docs.empty());
  EXPECT_NE(ExplainText(e).find("nothing to explain"), std::string::npos);
}

// Every run counts its causes as it goes (model/cause_tracker.h), keeping no
// story: each lost document's counted cause is the one its story gives.
TEST(Causes, EveryRunCountsTheCauseItsStoryGives) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> runs = {
      {"scenarios/findings/error-reply-acked.yaml", {}},
      {"scenarios/findings/inflight-lost-on-crash.yaml", {}},
      {"scenarios/findings/write-in-flight-at-dual-write.yaml", {}},
      {"scenarios/findings/anti-entropy-single-replica.yaml", {}},
      {"scenarios/findings/anti-entropy-single-replica.yaml",
       {"anti_entropy.enabled=false", "migrations.0.dual_write_until=cutover"}},
      {"scenarios/findings/finished-shard-not-dual-written.yaml", {}},
      {"scenarios/findings/offset-pagination-skips.yaml", {}},
      {"scenarios/findings/delete-resurrected-by-copy.yaml", {}},
      {"scenarios/examples/clock_skew.yaml", {}},
      {"scenarios/examples/swarm.yaml", {}},
  };
  for (const auto& [file, sets] : runs) {
    SCOPED_TRACE(file);
    const auto loaded =
        LoadScenarioFile((std::filesystem::path(CUTOVER_SOURCE_DIR) / file).string(), sets);
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    const bool swarm = file.find("swarm") != std::string::npos;  // at its failing seed
    const model::ModelConfig config =
        ConfigAtSeed(loaded.value(), swarm ? 5 : loaded.value().model.seed);
    const model::RunResult plain = model::RunModel(config);
    const Explanation e = Explain(config);
    ASSERT_GT(plain.at_end.lost_docs.size(), 0u);  // every one loses: there is a cause to count
    ASSERT_EQ(plain.at_end.lost_docs.size(), e.docs.size());
    model::CauseCounts counted{};
    for (std::size_t i = 0; i < e.docs.size(); ++i) {
      EXPECT_EQ(plain.at_end.lost_docs[i].doc, e.docs[i].doc);
      EXPECT_EQ(model::LossCauseName(plain.at_end.lost_docs[i].cause),
                model::LossCauseName(e.docs[i].cause))
          << e.docs[i].key;
      ++counted[static_cast<std::size_t>(e.docs[i].cause)];
    }
    EXPECT_EQ(plain.causes, counted);
  }
}

// The run of a scenario of the tree at its own seed.
model::RunResult RunTreeScenario(const std::string& file) {
  const auto loaded = LoadScenarioFile((std::filesystem::path(CUTOVER_SOURCE_DIR) / file).string());
  EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
  return RunScenario(loaded.value(), loaded.value().model.seed, false).record.result;
}

TEST(Exposure, WhatIsLostAtTheEndIsPermanentAndWhatCameBackTemporary) {
  const model::RunResult r = RunTreeScenario("scenarios/findings/anti-entropy-single-replica.yaml");
  ASSERT_GT(r.at_end.lost, 0u);
  EXPECT_EQ(r.exposure.permanent, r.at_end.lost);
  EXPECT_GT(r.exposure.temporary, 0u);  // lost at the cutover, then written again
  EXPECT_EQ(r.exposure.docs, r.exposure.temporary + r.exposure.permanent);
  EXPECT_GT(r.exposure.longest_gap_s, 0.0);
  EXPECT_GE(r.exposure.missing_doc_seconds, r.exposure.longest_gap_s);
}

TEST(Exposure, ALossAtTheCutoverRepairedLaterIsTemporary) {
  const model::RunResult r = RunTreeScenario("scenarios/examples/own_keys.yaml");
  ASSERT_EQ(r.at_cutover.lost, 1u);
  ASSERT_EQ(r.at_end.lost, 0u);
  EXPECT_EQ(r.exposure.docs, 1u);
  EXPECT_EQ(r.exposure.temporary, 1u);
  EXPECT_EQ(r.exposure.permanent, 0u);
  EXPECT_GT(r.exposure.missing_doc_seconds, 0.0);
}

TEST(Exposure, ARunWithoutDestroyedWritesHasNone) {
  const model::RunResult r = RunTreeScenario("scenarios/findings/never-settling-drain.yaml");
  EXPECT_EQ(r.exposure.docs, 0u);
  EXPECT_EQ(r.exposure.missing_doc_seconds, 0.0);
}

}  // namespace
}  // namespace tools
