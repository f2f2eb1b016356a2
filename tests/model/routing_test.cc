#include "model/routing.h"

#include <gtest/gtest.h>

namespace model {
namespace {

// The original's own fixtures (router.rs tests).
TEST(Routing, ShardForKeyMatchesTheOriginalsFixtures) {
  EXPECT_EQ(ShardForKey("user:12345", 64), 15u);
  EXPECT_EQ(ShardForKey("product:abc", 64), 24u);
  EXPECT_EQ(ShardForKey("order:99999", 64), 4u);
  EXPECT_EQ(ShardForKey("test", 16), 10u);
  EXPECT_EQ(ShardForKey("hello", 32), 6u);
}

TEST(Routing, OwnersAreTopScoresHighestFirst) {
  const std::vector<std::string> nodes = {"old-0", "old-1", "old-2", "new-3"};
  for (std::uint32_t shard = 0; shard < 64; ++shard) {
    const auto owners = OwnersInGroup(shard, nodes, 2);
    ASSERT_EQ(owners.size(), 2u);
    EXPECT_GE(RendezvousScore(shard, nodes[owners[0]]), RendezvousScore(shard, nodes[owners[1]]));
    for (std::uint32_t other = 0; other < nodes.size(); ++other) {
      if (other == owners[0] || other == owners[1]) continue;
      EXPECT_GT(RendezvousScore(shard, nodes[owners[1]]), RendezvousScore(shard, nodes[other]));
    }
  }
}

TEST(Routing, ReplicationFactorAboveGroupSizeGivesEveryNode) {
  EXPECT_EQ(OwnersInGroup(3, {"a", "b"}, 5).size(), 2u);
}

TEST(Routing, AddingANodeMovesOnlyShardsItWins) {
  const std::vector<std::string> before = {"old-0", "old-1", "old-2"};
  std::vector<std::string> after = before;
  after.push_back("new-3");
  int moved = 0;
  for (std::uint32_t shard = 0; shard < 256; ++shard) {
    const std::uint32_t old_owner = OwnersInGroup(shard, before, 1)[0];
    const std::uint32_t new_owner = OwnersInGroup(shard, after, 1)[0];
    if (new_owner != old_owner) {
      EXPECT_EQ(new_owner, 3u);
      ++moved;
    }
  }
  EXPECT_GT(moved, 256 / 4 - 25);
  EXPECT_LT(moved, 256 / 4 + 25);
}

}  // namespace
}  // namespace model
