// tools/scenario/loader.h
//
// Inside the scenario loader: one pass over a document tree (with the --set
// overrides already grafted in) that fills a Scenario. Each block is checked
// on its own, in file order; what refers across blocks (node names, shard
// numbers, group indices, sizes) is collected on the way and checked at the
// end, so a file may list its blocks in any order. Split by block over
// loader.cc (the model's blocks), faults.cc (faults and swarm), expect.cc,
// sweep_block.cc and references.cc (what refers across blocks). Only tools/scenario/*.cc use it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/scenario/document.h"
#include "tools/scenario/reader.h"
#include "tools/scenario/scenario.h"

namespace tools {

using Keys = std::vector<std::string_view>;

class ScenarioLoader {
 public:
  ScenarioLoader(const DocSource& source, Scenario& scenario);

  // Fills the scenario; returns the first error in file order, if any.
  std::optional<LoadError> Load(const DocNode& root);

 private:
  // A name used somewhere that must be a node (or the orchestrator).
  struct NameUse {
    std::string name;
    DocOrigin origin;
    std::string path;
    bool orchestrator_ok;
  };
  struct ShardUse {
    std::uint64_t shard;
    DocOrigin origin;
    std::string path;
  };
  struct NodeDefinition {
    std::string name;
    DocOrigin origin;
    std::size_t group = 0;  // cluster nodes: the index in cluster.groups
  };

  // loader.cc
  void LoadCluster(const DocNode& node);
  void LoadMigration(const DocNode& node, const std::string& path);
  void LoadKnobs(const DocNode& node, const std::string& path, std::string_view block,
                 std::size_t migration);
  void LoadMove(const DocNode& node, const std::string& path, model::MigrationConfig& migration);
  void LoadAntiEntropy(const DocNode& node);
  void LoadNetwork(const DocNode& node);
  void LoadLatency(const DocNode& node, const std::string& path);
  void LoadWorkload(const DocNode& node);
  void LoadKeyFile(const DocNode& keys, const DocNode& file, const std::string& path);
  void LoadBursts(const DocNode& node, const std::string& path);
  // references.cc
  std::optional<std::string> NodeName(const DocNode& node, const std::string& path);
  void UseName(const DocNode& node, const std::string& path, bool orchestrator_ok);
  void UseShards(const DocNode& node, const std::string& path, std::vector<std::uint32_t>& out);
  void CheckReferences();
  void CheckMigrationNodes(std::vector<std::string_view>& names);
  void CheckNameUses(const std::vector<std::string_view>& names);
  void CheckShardUses();
  void CheckWorkloadSize();

  // faults.cc
  struct FaultFields;
  void LoadFault(const DocNode& node, const std::string& path);
  bool FaultKeysFit(const DocNode& node, const std::string& path, model::FaultKind kind);
  void LoadSides(const DocNode& node, const std::string& path, model::Partition& fault);
  void LoadSwarm(const DocNode& node);

  // expect.cc
  void LoadExpect(const DocNode& node);
  std::optional<ExpectRange> LoadExpectation(const DocNode& node, const std::string& path,
                                             ExpectType type);
  std::optional<ExpectRange> LoadRange(const DocNode& node, const std::string& path, bool rate);
  // sweep_block.cc
  void LoadSweep(const DocNode& node);
  void LoadSweepSeeds(const DocNode& seeds);
  void LoadSweepReadings(const DocNode& readings);
  void LoadPlacement(const DocNode& node);

  DocReader reader_;
  Scenario& scenario_;
  model::ModelConfig& config_;
  std::vector<NodeDefinition> cluster_nodes_;  // as listed in cluster.groups
  std::vector<NodeDefinition> added_nodes_;    // one per migration
  std::vector<std::string> migration_paths_;   // "migration" or "migrations[i]"
  std::vector<DocOrigin> migration_groups_;    // where each migration's group is
  std::vector<DocOrigin> migration_settles_;   // where each migration's drain_settle is
  std::vector<NameUse> name_uses_;
  std::vector<ShardUse> shard_uses_;
  DocOrigin preload_origin_;
  DocOrigin writes_origin_;
  DocOrigin shards_origin_;  // workload.shards
};

}  // namespace tools
