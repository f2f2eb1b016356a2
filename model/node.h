// model/node.h
//
// A node of the document store: a NodeStore behind the network. It applies
// client writes and internal copies, serves pages of a shard by offset,
// deletes a shard, and answers anti-entropy's fingerprint and bucket
// requests. A write_failure fault in force makes a write fail with its
// probability (an error reply, nothing applied). The store is durable: a
// crash loses only the messages in flight, never an applied document.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/forensics.h"
#include "model/store.h"
#include "model/world.h"
#include "sim/process.h"
#include "sim/rng_stream.h"

namespace model {

class Node : public sim::Process {
 public:
  // Failures draw from the stream "fault.write_failure.<node name>".
  // REQUIRES: index < world.node_names.size().
  Node(World& world, NodeIndex index);

  // Serves one request and sends exactly one reply to its sender, echoing
  // words[0] (layouts in messages.h). REQUIRES: a request type a node serves
  // (others are internal errors); the payload slots named exist; buckets > 0.
  void OnMessage(const sim::Message& message) override;
  // A node sets no timers; a crash loses only the messages in flight.
  void OnTimer(std::uint64_t) override {}
  void OnCrash() override {}  // the store is durable
  void OnRestart() override {}

  // write_failure faults, begun and ended by the run. While one is in force, a
  // client write or copy to a covered shard (all if `shards` is empty) fails
  // with `probability`, or, with a pattern, the client writes it counts fail
  // (WriteFailure::every); each covering failure is tried in turn until one fires.
  // REQUIRES: every entry of shards < keys.shards().
  void BeginWriteFailure(std::uint32_t fault, const WriteFailure& failure);
  // Ends every failure begun with this fault id; an unknown id does nothing.
  void EndWriteFailure(std::uint32_t fault);

  // The node's documents; preload and the checker use it directly.
  const NodeStore& store() const { return store_; }
  NodeStore& store() { return store_; }

 private:
  struct ActiveFailure {
    std::uint32_t fault;
    double probability;
    std::uint32_t every;
    std::uint32_t offset;
    std::uint64_t seen = 0;    // client writes counted by a pattern
    std::vector<bool> shards;  // empty: every shard
  };
  bool WriteFails(std::uint32_t shard, bool client);
  void Reply(const sim::Message& to, std::uint32_t type, std::uint64_t w1, std::uint64_t w2,
             std::uint64_t w3 = 0);
  void ApplyClientWrite(const sim::Message& message);
  // Adds a step to the document's story, if it is watched.
  void Tell(DocId doc, StepKind kind, Origin origin, std::uint64_t write, std::uint64_t before);
  void ApplyCopy(const sim::Message& message);
  void Fingerprint(const sim::Message& message);
  void BucketList(const sim::Message& message);

  World& world_;
  NodeIndex index_;
  NodeStore store_;
  sim::RngStream failure_stream_;
  std::vector<ActiveFailure> failures_;
};

}  // namespace model
