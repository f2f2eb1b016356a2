#include "model/store.h"

#include <gtest/gtest.h>

#include "sim/check.h"

namespace model {
namespace {

TEST(NodeStore, PutKeepsHighestUpdatedAtAndTiesGoToTheLaterArrival) {
  Keyspace keys(100, 4);
  NodeStore store(keys, NodeApply::kNewest);
  EXPECT_TRUE(store.Put(7, {100, 1}));
  EXPECT_FALSE(store.Put(7, {99, 2}));  // older stamp loses
  EXPECT_EQ(store.Get(7)->write, 1u);
  EXPECT_TRUE(store.Put(7, {100, 3}));  // tie: later arrival wins
  EXPECT_EQ(store.Get(7)->write, 3u);
  EXPECT_TRUE(store.Put(7, {101, 2}));  // a higher stamp wins whatever the issue order
  EXPECT_EQ(store.Get(7)->write, 2u);
}

TEST(NodeStore, ReplaceKeepsTheLastArrivalEvenWhenItIsOlder) {
  const Keyspace keys(100, 4);
  NodeStore store(keys, NodeApply::kReplace);
  EXPECT_TRUE(store.Put(7, Version{20, 1}));
  EXPECT_TRUE(store.Put(7, Version{10, 2}));  // an older copy arriving late
  EXPECT_EQ(store.Get(7)->write, 2u);
  NodeStore newest(keys, NodeApply::kNewest);
  EXPECT_TRUE(newest.Put(7, Version{20, 1}));
  EXPECT_FALSE(newest.Put(7, Version{10, 2}));
  EXPECT_EQ(newest.Get(7)->write, 1u);
}

TEST(NodeStore, DeleteIsPhysical) {
  Keyspace keys(100, 4);
  NodeStore store(keys, NodeApply::kNewest);
  store.Put(7, {100, 1});
  EXPECT_TRUE(store.Delete(7));
  EXPECT_EQ(store.Get(7), nullptr);
  EXPECT_FALSE(store.Delete(7));
  // No tombstone: an older put arriving late brings the document back.
  EXPECT_TRUE(store.Put(7, {50, 2}));
  EXPECT_EQ(store.total(), 1u);
}

TEST(NodeStore, PagesAShardInIdOrderByOffset) {
  Keyspace keys(1000, 4);
  NodeStore store(keys, NodeApply::kNewest);
  for (DocId d = 0; d < 1000; d += 2) store.Put(d, {1, d + 1u});
  const std::uint32_t shard = 1;
  std::vector<DocId> expected;
  for (const DocId d : keys.AllOf({shard})) {
    if (d % 2 == 0) expected.push_back(d);
  }
  ASSERT_EQ(store.count(shard), expected.size());
  std::vector<DocCopy> pages;
  std::uint64_t offset = 0;
  while (const std::uint32_t n = store.Page(shard, offset, 10, pages)) offset += n;
  ASSERT_EQ(pages.size(), expected.size());
  for (std::size_t i = 0; i < pages.size(); ++i) EXPECT_EQ(pages[i].doc, expected[i]);
}

TEST(NodeStore, OffsetPaginationSkipsADocumentWhenAnEarlierOneIsDeleted) {
  // The original's offset pagination: a delete before the cursor shifts
  // every later document one place back, so one is never read.
  Keyspace keys(1000, 1);
  NodeStore store(keys, NodeApply::kNewest);
  for (DocId d = 0; d < 20; ++d) store.Put(d, {1, d + 1u});
  std::vector<DocCopy> first;
  store.Page(0, 0, 10, first);
  store.Delete(first[0].doc);
  std::vector<DocCopy> second;
  store.Page(0, 10, 10, second);
  EXPECT_EQ(second.size(), 9u);
  EXPECT_EQ(second[0].doc, 11u);  // doc 10 was skipped
}

TEST(NodeStore, DeleteShardRemovesOnlyThatShard) {
  Keyspace keys(1000, 4);
  NodeStore store(keys, NodeApply::kNewest);
  for (DocId d = 0; d < 1000; ++d) store.Put(d, {1, d + 1u});
  const std::uint64_t in_shard = store.count(2);
  EXPECT_EQ(store.DeleteShard(2), in_shard);
  EXPECT_EQ(store.count(2), 0u);
  EXPECT_EQ(store.total(), 1000 - in_shard);
  std::vector<DocCopy> page;
  EXPECT_EQ(store.Page(2, 0, 100, page), 0u);
  for (const DocId d : keys.AllOf({2})) EXPECT_EQ(store.Get(d), nullptr);
}

TEST(Keyspace, KeysSortInIdOrderAndShardsFollowTheOriginalsHash) {
  Keyspace keys(12345, 64);
  EXPECT_EQ(keys.Key(42), "doc-00042");
  EXPECT_LT(keys.Key(9), keys.Key(10));
  std::uint64_t total = 0;
  for (std::uint32_t s = 0; s < 64; ++s) total += keys.AllOf({s}).size();
  EXPECT_EQ(total, 12345u);
}

TEST(Keyspace, ADocumentIsComputedOnItsFirstTouchAndKeptNothingElse) {
  const Keyspace keys(1'000'000'000'000'000'000, 1024);
  EXPECT_EQ(keys.Key(42), "doc-000000000000000042");
  const std::uint32_t shard = keys.shard(123'456'789'012'345);
  EXPECT_EQ(keys.touched_count(), 1u);
  EXPECT_EQ(keys.shard(123'456'789'012'345), shard);
  EXPECT_EQ(keys.touched_count(), 1u);
  EXPECT_EQ(keys.touched(shard), std::vector<DocId>{123'456'789'012'345});
}

TEST(NodeStore, MemoryFollowsTheDocumentsNotTheKeySpace) {
  const Keyspace keys(1'000'000'000, 16);
  NodeStore store(keys, NodeApply::kNewest);
  for (DocId d = 0; d < 1'000'000'000; d += 100'000'000) store.Put(d, {1, d + 1});
  EXPECT_EQ(store.total(), 10u);
  EXPECT_EQ(keys.touched_count(), 10u);
}

}  // namespace
}  // namespace model
