// model/orchestrator.h
//
// The orchestrator process: the router, the migration coordinator's driver
// for each migration and the anti-entropy reconciler, in one simulated
// process, as in the original. A crash stops all three: requests in flight
// and held writes are dropped unanswered, the in-flight tracking is lost,
// and on restart the drivers resume from what the task store kept (the
// coordinator's records and the routing table, both outside this process).
#pragma once

#include <memory>
#include <vector>

#include "model/anti_entropy.h"
#include "model/coordinator.h"
#include "model/driver.h"
#include "model/router.h"
#include "model/world.h"
#include "sim/process.h"

namespace model {

class Orchestrator : public sim::Process {
 public:
  Orchestrator(World& world, Coordinator& coordinator, InFlight& inflight, ClientSink& client,
               PhaseListener& listener);

  // Migration `source` of the config: its node addition, driven as one
  // coordinator migration or, with split: per_shard, one per shard.
  void AddMigration(std::uint32_t source, NodeIndex new_node);
  void Boot();  // t = 0: the reconciler's schedule

  bool up() const { return world_.sim.state(world_.orchestrator).up; }
  // A client request. REQUIRES: up().
  void Submit(OpIndex first, std::uint32_t count) { router_.Submit(first, count); }
  // The migration's start time has come; if the orchestrator is down it
  // starts when it is back.
  void StartMigration(std::uint32_t source);
  // Activation: switch routing for the migration's shards, release held writes.
  void Activate(const MigrationRecord& migration);
  // A migration failed: its held writes go to the routing in force.
  void Abandon(const MigrationRecord& migration) { router_.ReleaseHeld(migration.id); }
  // A migration completed: with split: per_shard and copy: sequential, the
  // next shard's migration begins.
  void Completed(const MigrationRecord& migration);

  // The coordinator ids of the migrations begun for `source`, the latest of
  // each part, and whether a part is still to begin (not refused).
  std::vector<std::uint32_t> MigrationIds(std::uint32_t source) const;
  bool PartsWaiting(std::uint32_t source) const;

  void OnMessage(const sim::Message& message) override;
  void OnTimer(std::uint64_t tag) override;
  void OnCrash() override;
  void OnRestart() override;

  const Router& router() const { return router_; }

 private:
  World& world_;
  Coordinator& coordinator_;
  InFlight& inflight_;
  PhaseListener& listener_;
  Router router_;
  AntiEntropy anti_entropy_;
  // One node addition: the drivers of its parts.
  struct Rebalance {
    NodeIndex new_node = 0;
    std::vector<std::uint32_t> parts;    // indices in drivers_, in the order begun
    std::vector<std::uint32_t> waiting;  // shards still to begin, last first (sequential)
    bool start_due = false;              // its start came while down
  };
  void BeginParts(std::uint32_t source);
  void AddPart(std::uint32_t source, std::optional<std::uint32_t> shard);

  std::vector<std::unique_ptr<Driver>> drivers_;  // token index = place
  std::vector<Rebalance> rebalances_;             // by source
};

}  // namespace model
