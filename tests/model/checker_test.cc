#include "model/checker.h"

#include <gtest/gtest.h>

namespace model {
namespace {

// Two groups, one node each: node 0 and node 1 own every shard.
struct Fixture {
  Fixture() : keys(100, 4), routes(4, 2), a(keys, NodeApply::kNewest), b(keys, NodeApply::kNewest) {
    for (std::uint32_t s = 0; s < 4; ++s) {
      routes.owners(s, 0) = {0};
      routes.owners(s, 1) = {1};
    }
  }
  // Operations one after another: each answered before the next is issued.
  OpIndex Op(DocId doc, OpKind kind, Outcome outcome) {
    Operation op{doc, keys.shard(doc), kind, outcome};
    op.issued_at = clock++;
    op.answered_at = outcome == Outcome::kUnknown ? sim::kTimeMax : clock++;
    history.ops.push_back(op);
    return history.ops.size() - 1;
  }
  sim::Time clock = 0;
  CheckpointResult Check() const { return CheckReplicas(history, keys, routes, {&a, &b}, 0); }
  Keyspace keys;
  RouteTable routes;
  NodeStore a;
  NodeStore b;
  History history;
};

TEST(Checker, OnlyTheLatestAcknowledgedPutCounts) {
  Fixture f;
  const OpIndex first = f.Op(3, OpKind::kPut, Outcome::kAcked);
  const OpIndex second = f.Op(3, OpKind::kPut, Outcome::kAcked);
  f.a.Put(3, {1, WriteId(first)});
  f.b.Put(3, {1, WriteId(first)});
  CheckpointResult r = f.Check();
  EXPECT_EQ(r.acked_docs, 1u);
  EXPECT_EQ(r.lost, 1u);  // only an older version is readable
  f.a.Put(3, {2, WriteId(second)});
  r = f.Check();
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.divergent, 1u);  // node b still has the old one
  f.b.Put(3, {2, WriteId(second)});
  EXPECT_EQ(f.Check().divergent, 0u);
}

TEST(Checker, AConcurrentWriteThatLastWriterWinsKeptIsNotALoss) {
  Fixture f;
  const OpIndex first = f.Op(3, OpKind::kPut, Outcome::kAcked);
  const OpIndex second = f.Op(3, OpKind::kPut, Outcome::kAcked);
  f.history.ops[first].answered_at = f.history.ops[second].issued_at + 1;  // overlapping
  f.a.Put(3, {1, WriteId(first)});
  f.b.Put(3, {1, WriteId(first)});
  EXPECT_EQ(f.Check().lost, 0u);
}

TEST(Checker, AWriteTheClientNeverHeardBackFromIsNotLost) {
  Fixture f;
  f.Op(4, OpKind::kPut, Outcome::kUnknown);
  f.Op(5, OpKind::kPut, Outcome::kFailed);
  const CheckpointResult r = f.Check();
  EXPECT_EQ(r.acked_docs, 0u);
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.loss_rate, 0.0);
}

TEST(Checker, ALaterUnacknowledgedPutThatLandedStillCountsAsReadable) {
  Fixture f;
  f.Op(4, OpKind::kPut, Outcome::kAcked);
  const OpIndex later = f.Op(4, OpKind::kPut, Outcome::kUnknown);
  f.a.Put(4, {9, WriteId(later)});
  f.b.Put(4, {9, WriteId(later)});
  EXPECT_EQ(f.Check().lost, 0u);
}

TEST(Checker, AnAcknowledgedPutMissingEverywhereIsLostAndCountsInTheRate) {
  Fixture f;
  f.Op(1, OpKind::kPut, Outcome::kAcked);
  const OpIndex kept = f.Op(2, OpKind::kPut, Outcome::kAcked);
  f.a.Put(2, {1, WriteId(kept)});
  f.b.Put(2, {1, WriteId(kept)});
  const CheckpointResult r = f.Check();
  EXPECT_EQ(r.lost, 1u);
  EXPECT_EQ(r.acked_docs, 2u);
  EXPECT_DOUBLE_EQ(r.loss_rate, 0.5);
}

TEST(Checker, AnAcknowledgedDeleteThatAnOwnerStillHoldsIsResurrected) {
  Fixture f;
  const OpIndex put = f.Op(6, OpKind::kPut, Outcome::kAcked);
  f.Op(6, OpKind::kDelete, Outcome::kAcked);
  f.b.Put(6, {1, WriteId(put)});
  const CheckpointResult r = f.Check();
  EXPECT_EQ(r.resurrected, 1u);
  EXPECT_EQ(r.lost, 0u);
}

TEST(Checker, AnUnacknowledgedDeleteAfterAnAckedPutIsNotCountedAsLoss) {
  Fixture f;
  f.Op(7, OpKind::kPut, Outcome::kAcked);
  f.Op(7, OpKind::kDelete, Outcome::kUnknown);  // it may have happened
  EXPECT_EQ(f.Check().lost, 0u);
}

// Four client writes, the third failed; a faithful emitter publishes one
// event for each write its primary applied: here the acknowledged ones.
History FourWrites() {
  History h;
  h.ops = {Operation{1, 0, OpKind::kPut, Outcome::kAcked},
           Operation{2, 0, OpKind::kPut, Outcome::kAcked},
           Operation{3, 0, OpKind::kPut, Outcome::kFailed},
           Operation{4, 0, OpKind::kPut, Outcome::kAcked}};
  return h;
}
ChangeFeed FaithfulFeed() {
  ChangeFeed feed;
  for (const OpIndex op : {0, 1, 3}) feed.Emit(Origin::kClient, op);
  feed.Emit(Origin::kMigration, 0);    // a copy of the first document: suppressed
  feed.Emit(Origin::kAntiEntropy, 1);  // a repair: suppressed
  return feed;
}

TEST(CdcCheck, AFaithfulFeedHasNoAnomalyAndCountsWhatItSuppressed) {
  const ChangeFeed feed = FaithfulFeed();
  EXPECT_EQ(CheckCdc(FourWrites(), feed).anomalies, 0u);
  EXPECT_EQ(feed.published(), 3u);
  EXPECT_EQ(feed.suppressed(), 2u);
}

TEST(CdcCheck, AnEventForAFailedWriteIsNoAnomalyTheChangeHappened) {
  ChangeFeed feed = FaithfulFeed();
  feed.Emit(Origin::kClient, 2);
  EXPECT_EQ(CheckCdc(FourWrites(), feed).anomalies, 0u);
}

TEST(CdcCheck, AnAcknowledgedWriteWithoutAnEventIsMissing) {
  ChangeFeed feed;
  feed.Emit(Origin::kClient, 0);
  feed.Emit(Origin::kClient, 3);  // the second write's event never came
  const CdcResult r = CheckCdc(FourWrites(), feed);
  EXPECT_EQ(r.missing, 1u);
  EXPECT_EQ(r.anomalies, 1u);
}

TEST(CdcCheck, AWriteWithTwoEventsIsDuplicated) {
  ChangeFeed feed = FaithfulFeed();
  feed.Emit(Origin::kClient, 1);  // applied twice, or emitted by two replicas
  const CdcResult r = CheckCdc(FourWrites(), feed);
  EXPECT_EQ(r.duplicated, 1u);
  EXPECT_EQ(r.anomalies, 1u);
}

TEST(CdcCheck, AnInternalWritePublishedIsLeaked) {
  ChangeFeed feed = FaithfulFeed();
  feed.Publish(Origin::kMigration, 0);  // an emitter that ignored the origin tag
  const CdcResult r = CheckCdc(FourWrites(), feed);
  EXPECT_EQ(r.leaked, 1u);
  EXPECT_EQ(r.anomalies, 1u);
}

}  // namespace
}  // namespace model
