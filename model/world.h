// model/world.h
//
// What the processes of one run share: the kernel, the configuration, the
// documents' keyspace, the client history, the node table, the routing in
// force, the payload slots and the run's counters. The routing table is part
// of the durable topology (the task store): a crash does not touch it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/change_feed.h"
#include "model/config.h"
#include "model/counters.h"
#include "model/history.h"
#include "model/inflight.h"
#include "model/keyspace.h"
#include "model/messages.h"
#include "sim/simulation.h"

namespace model {

class Forensics;
class Witness;

class RouteTable {
 public:
  RouteTable(std::uint32_t shards, std::uint32_t groups)
      : groups_(groups), owners_(static_cast<std::size_t>(shards) * groups) {}
  const std::vector<NodeIndex>& owners(std::uint32_t shard, std::uint32_t group) const {
    return owners_[static_cast<std::size_t>(shard) * groups_ + group];
  }
  std::vector<NodeIndex>& owners(std::uint32_t shard, std::uint32_t group) {
    return owners_[static_cast<std::size_t>(shard) * groups_ + group];
  }
  NodeMask AllOwners(std::uint32_t shard) const {
    NodeMask mask = 0;
    for (std::uint32_t g = 0; g < groups_; ++g) {
      for (const NodeIndex n : owners(shard, g)) mask |= Bit(n);
    }
    return mask;
  }
  std::uint32_t groups() const { return groups_; }

 private:
  std::uint32_t groups_;
  std::vector<std::vector<NodeIndex>> owners_;  // [shard * groups + group], best first
};

struct World {
  World(sim::Simulation& simulation, const ModelConfig& model_config, const Keyspace& keyspace,
        History& client_history)
      : sim(simulation),
        config(model_config),
        keys(keyspace),
        history(client_history),
        routes(model_config.cluster.shards,
               static_cast<std::uint32_t>(model_config.cluster.groups.size())) {}

  sim::Simulation& sim;
  const ModelConfig& config;
  const Keyspace& keys;
  History& history;
  std::vector<std::string> node_names;       // by NodeIndex
  std::vector<sim::ProcessId> node_process;  // by NodeIndex
  std::vector<std::uint32_t> node_group;     // by NodeIndex: the replica group it serves
  std::vector<NodeIndex> node_of_process;    // by ProcessId; kNoNode for others
  static constexpr NodeIndex kNoNode = UINT32_MAX;
  RouteTable routes;
  Payloads payloads;
  RunCounters counters;
  std::vector<DocId> workload_docs;  // the documents clients write; empty: every one
  ChangeFeed cdc;
  Witness* witness = nullptr;  // the white-box observer of every store change
  Forensics* forensics = nullptr;  // the stories of watched documents (explain), or none
  sim::ProcessId orchestrator = 0;
  sim::ProcessId client = 0;

  // A scenario's time point as the kernel schedules it: absolute, or on the
  // trigger "phase:<name>" that the run fires when a migration enters it.
  sim::TimePoint TimePointOf(const TimePointConfig& point) {
    if (!point.phase.has_value()) return {sim::kNoTrigger, point.offset};
    return {sim.DefineTrigger(std::string("phase:") + PhaseName(*point.phase)), point.offset};
  }

  // The clock that stamps updated_at: the orchestrator's, skew included.
  Time clock_skew = 0;
  std::int64_t StampMs() const { return (sim.now() + clock_skew) / sim::kMillisecond; }
};

}  // namespace model
