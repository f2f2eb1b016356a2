// Tests for the causes a story reads to (model/forensics.h), on stories
// built step by step: the rules of model/README.md, "Why a write was lost",
// where no scenario of the tree reaches one before an earlier rule holds.
#include "model/forensics.h"

#include <gtest/gtest.h>

namespace model {
namespace {

constexpr NodeIndex kOld = 0;
constexpr NodeIndex kNew = 1;
constexpr NodeMask Bit(NodeIndex n) { return NodeMask{1} << n; }

// Write #1 (operation 0) sent to the old owner, applied there, and read by a
// copy page for the new owner, which never applied it; then the shard moved.
DocStory CopiedButNeverAppliedOnTheNewOwner() {
  DocStory story{.doc = 7, .shard = 0, .steps = {}};
  story.steps = {
      Step{.at = 1, .kind = StepKind::kSent, .op = 0, .nodes = Bit(kOld), .owners = Bit(kOld)},
      Step{.at = 2, .kind = StepKind::kApplied, .node = kOld, .write = 1},
      Step{.at = 3, .kind = StepKind::kAnswer, .flag = true, .node = kOld, .op = 0},
      Step{.at = 4, .kind = StepKind::kCopyRead, .node = kOld, .write = 1},
      Step{.at = 5, .kind = StepKind::kRerouted, .nodes = Bit(kNew)},
  };
  return story;
}

void EndWith(DocStory& story, NodeIndex owner, std::uint64_t holds) {
  story.steps.push_back(
      Step{.at = 9, .kind = StepKind::kCheckpoint, .node = owner, .write = holds, .value = 1});
}

TEST(Forensics, ACleanupThatDeletesTheOnlyCopyIsCleanupDeletedOnlyCopy) {
  DocStory story = CopiedButNeverAppliedOnTheNewOwner();
  story.steps.push_back(Step{.at = 6, .kind = StepKind::kDeleted, .origin = Origin::kMigration,
                             .node = kOld, .write = 0, .before = 1});
  EndWith(story, kNew, 0);
  EXPECT_EQ(Cause(story, 0, OpKind::kPut), LossCause::kCleanupDeletedOnlyCopy);
}

TEST(Forensics, WithoutTheCleanupTheSameStoryIsUnexplained) {
  DocStory story = CopiedButNeverAppliedOnTheNewOwner();
  EndWith(story, kNew, 0);
  EXPECT_EQ(Cause(story, 0, OpKind::kPut), LossCause::kUnexplained);
}

TEST(Forensics, AnAcknowledgedDeleteIsResurrectedDelete) {
  EXPECT_EQ(Cause(DocStory{}, 0, OpKind::kDelete), LossCause::kResurrectedDelete);
}

TEST(Forensics, EveryCauseHasANameThatParsesBack) {
  for (std::size_t c = 0; c < kLossCauses; ++c) {
    const auto cause = static_cast<LossCause>(c);
    EXPECT_EQ(ParseLossCause(LossCauseName(cause)), cause);
    EXPECT_FALSE(LossCauseMeaning(cause).empty());
  }
  EXPECT_EQ(ParseLossCause("nonsense"), std::nullopt);
}

}  // namespace
}  // namespace model
