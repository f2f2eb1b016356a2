// The white-box verdict (model/witness.h) on the worked cases of
// model/README.md, "What counts as loss": the witness is told of each store
// change and routing switch by hand, as the nodes and the orchestrator tell it.
#include "model/witness.h"

#include <gtest/gtest.h>

#include "sim/simulation.h"

namespace model {
namespace {

constexpr DocId kDoc = 5;

// One shard owned by old-0 (node 0); new-1 (node 1) joins. Stores keep the
// last arrival (node_apply: replace, the original).
struct Fixture {
  Fixture()
      : sim(sim::SimulationConfig{}),
        keys(10, 1),
        world(sim, config, keys, history),
        old_node(keys, NodeApply::kReplace),
        new_node(keys, NodeApply::kReplace),
        witness(world, {&old_node, &new_node}) {
    world.routes = RouteTable(1, 1);
    world.routes.owners(0, 0) = {0};
  }
  // An acknowledged client operation; returns its write id.
  std::uint64_t Op(OpKind kind, Outcome outcome = Outcome::kAcked) {
    history.ops.push_back(Operation{kDoc, 0, kind, outcome});
    return WriteId(history.ops.size() - 1);
  }
  void Put(NodeIndex n, std::uint64_t write) {
    NodeStore& store = n == 0 ? old_node : new_node;
    const Version* held = store.Get(kDoc);
    const std::uint64_t before = held != nullptr ? held->write : 0;
    store.Put(kDoc, Version{0, write});
    witness.Put(n, kDoc, /*shard=*/0, write, before);
  }
  void Delete(NodeIndex n, std::uint64_t write) {
    (n == 0 ? old_node : new_node).Delete(kDoc);
    witness.ClientDelete(n, kDoc, /*shard=*/0, write);
  }
  void SwitchToNew() {
    world.routes.owners(0, 0) = {1};
    witness.Rerouted(0);
  }
  std::uint64_t Destroyed() const { return CountDestroyed(history, witness).destroyed; }

  ModelConfig config;
  sim::Simulation sim;
  Keyspace keys;
  History history;
  World world;
  NodeStore old_node;
  NodeStore new_node;
  Witness witness;
};

TEST(Witness, AStaleCopyThatReplacedAPutOnTheNewNodeDestroysItAtTheRoutingSwitch) {
  Fixture f;
  const std::uint64_t older = f.Op(OpKind::kPut);
  f.Put(0, older);
  const std::uint64_t p = f.Op(OpKind::kPut);
  f.Put(0, p);                   // the owner
  f.Put(1, p);                   // dual-write
  f.Put(1, older);               // a copy page read before P lands after it
  EXPECT_EQ(f.Destroyed(), 0u);  // old-0 still owns the document and holds P
  f.SwitchToNew();
  EXPECT_EQ(f.Destroyed(), 1u);
  ASSERT_EQ(f.witness.destroyed().size(), 1u);
  EXPECT_EQ(f.witness.destroyed()[0].first, p);
}

TEST(Witness, AnOlderVersionReplacingThePutOnItsOnlyOwnerDestroysItEvenIfALaterWritePutsItBack) {
  Fixture f;
  const std::uint64_t older = f.Op(OpKind::kPut);
  const std::uint64_t p = f.Op(OpKind::kPut);
  f.Put(0, p);
  f.Put(0, older);
  EXPECT_EQ(f.Destroyed(), 1u);
  f.Put(0, f.Op(OpKind::kPut));
  EXPECT_EQ(f.Destroyed(), 1u);  // destroyed once is destroyed
}

TEST(Witness, ALaterClientDeleteSupersedesThePutAndACopyPuttingItBackDoesNotDestroyIt) {
  Fixture f;
  const std::uint64_t p = f.Op(OpKind::kPut);
  f.Put(0, p);
  f.Put(1, p);
  f.Delete(0, f.Op(OpKind::kDelete));
  f.Put(0, p);  // a resurrection, for the client-visible check
  f.SwitchToNew();
  EXPECT_EQ(f.Destroyed(), 0u);
}

TEST(Witness, APutNoReplicaEverHeldIsNotDestroyed) {
  Fixture f;
  f.Op(OpKind::kPut);  // acknowledged on an error reply, stored nowhere
  f.SwitchToNew();
  EXPECT_EQ(f.Destroyed(), 0u);
}

TEST(Witness, APutHeldOnlyByANodeNotYetOwningTheDocumentIsNotDestroyedUntilItDoes) {
  Fixture f;
  const std::uint64_t older = f.Op(OpKind::kPut);
  f.Put(0, older);
  const std::uint64_t p = f.Op(OpKind::kPut);
  f.Put(1, p);      // failed on old-0, dual-written to new-1
  f.Put(0, older);  // old-0 is written again with the older version (a repair)
  EXPECT_EQ(f.Destroyed(), 0u);
  f.SwitchToNew();  // new-1 owns it now and holds P
  EXPECT_EQ(f.Destroyed(), 0u);
}

TEST(Witness, OnlyAcknowledgedPutsCountAndTheRateIsOverAcknowledgedPuts) {
  Fixture f;
  const std::uint64_t failed = f.Op(OpKind::kPut, Outcome::kFailed);
  const std::uint64_t acked = f.Op(OpKind::kPut);
  f.Put(0, failed);
  f.Put(0, acked);
  f.witness.ShardDeleted(1, 0);  // not an owner: nothing changes
  EXPECT_EQ(f.Destroyed(), 0u);
  f.old_node.DeleteShard(0);
  f.witness.ShardDeleted(0, 0);
  const DestroyedCount count = CountDestroyed(f.history, f.witness);
  EXPECT_EQ(count.acked_puts, 1u);
  EXPECT_EQ(count.destroyed, 1u);
  EXPECT_DOUBLE_EQ(count.rate, 1.0);
  EXPECT_EQ(f.witness.destroyed().size(), 2u);  // the failed put was destroyed too
}

TEST(Witness, AClientDeleteAppliedAnywhereSupersedesEveryPutBeforeIt) {
  Fixture f;
  const std::uint64_t p = f.Op(OpKind::kPut);
  f.Put(0, p);
  f.Delete(1, f.Op(OpKind::kDelete, Outcome::kFailed));  // reached new-1 only
  f.old_node.DeleteShard(0);
  f.witness.ShardDeleted(0, 0);
  EXPECT_EQ(f.Destroyed(), 0u);
}

}  // namespace
}  // namespace model
