// What refers across the blocks of a scenario (see loader.h): node names,
// shard numbers, groups and sizes, collected while the blocks load and
// checked once they all have.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "model/run_size.h"
#include "sim/event_queue.h"
#include "tools/scenario/loader.h"

namespace tools {
namespace {

constexpr std::string_view kOrchestrator = "orchestrator";
constexpr std::size_t kNodeNameMax = 64;

}  // namespace

std::optional<std::string> ScenarioLoader::NodeName(const DocNode& node, const std::string& path) {
  auto name = reader_.String(node, path);
  if (!name) return std::nullopt;
  const bool valid =
      !name->empty() && name->size() <= kNodeNameMax &&
      std::isalnum(static_cast<unsigned char>(name->front())) &&
      std::all_of(name->begin(), name->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
      });
  if (!valid) {
    reader_.Fail(node.origin, fmt::format("{}: bad node name {}: use up to {} letters, digits, "
                                          "'-', '_' and '.', starting with a letter or digit",
                                          path, QuoteForError(*name), kNodeNameMax));
    return std::nullopt;
  }
  if (*name == kOrchestrator) {
    reader_.Fail(node.origin,
                 fmt::format("{}: \"orchestrator\" is the orchestrator process, not a node", path));
    return std::nullopt;
  }
  return name;
}

void ScenarioLoader::UseName(const DocNode& node, const std::string& path, bool orchestrator_ok) {
  name_uses_.push_back({node.text, node.origin, path, orchestrator_ok});
}

void ScenarioLoader::UseShards(const DocNode& node, const std::string& path,
                               std::vector<std::uint32_t>& out) {
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const std::string item_path = ItemPath(path, i);
    const auto shard = reader_.Integer(node.items[i], item_path, 0, config_.limits.shards_max - 1);
    if (!shard) return;
    if (std::find(out.begin(), out.end(), *shard) != out.end()) {
      reader_.Fail(node.items[i].origin,
                   fmt::format("{}: shard {} is listed twice", item_path, *shard));
      return;
    }
    out.push_back(static_cast<std::uint32_t>(*shard));
    shard_uses_.push_back({*shard, node.items[i].origin, item_path});
  }
}

void ScenarioLoader::CheckReferences() {
  std::vector<std::string_view> names;  // cluster nodes, then each added node once
  if (reader_.ok()) CheckMigrationNodes(names);
  if (reader_.ok()) CheckNameUses(names);
  if (reader_.ok()) CheckShardUses();
  if (reader_.ok()) CheckWorkloadSize();
}

// Each migration's group exists, and its node is new to the cluster and
// joins one group only; the nodes of the cluster and its migrations fit the
// limit. Fills `names`: cluster nodes, then each added node once.
void ScenarioLoader::CheckMigrationNodes(std::vector<std::string_view>& names) {
  std::vector<DocOrigin> origins;  // where each is named (the defaults: 1:1)
  for (const auto& group : config_.cluster.groups) {
    names.insert(names.end(), group.begin(), group.end());
  }
  for (const NodeDefinition& node : cluster_nodes_) origins.push_back(node.origin);
  origins.resize(names.size());
  const std::size_t cluster_count = names.size();
  std::vector<std::size_t> first_migration;  // per added node: the migration that adds it first
  for (std::size_t i = 0; i < config_.migrations.size(); ++i) {
    const model::MigrationConfig& migration = config_.migrations[i];
    const std::string& path = migration_paths_[i];
    if (migration.group >= config_.cluster.groups.size()) {
      reader_.Fail(migration_groups_[i],
                   fmt::format("{}.group: group {} does not exist (cluster.groups has {})", path,
                               migration.group, config_.cluster.groups.size()));
      return;
    }
    const auto where = std::find(names.begin(), names.end(), migration.add_node);
    const std::size_t index = static_cast<std::size_t>(where - names.begin());
    if (where == names.end()) {
      names.push_back(migration.add_node);
      origins.push_back(added_nodes_[i].origin);
      first_migration.push_back(i);
    } else if (index < cluster_count) {
      reader_.Fail(added_nodes_[i].origin,
                   fmt::format("{}.add_node: {} is already a node of the cluster", path,
                               QuoteForError(migration.add_node)));
      return;
    } else if (const std::size_t first = first_migration[index - cluster_count];
               config_.migrations[first].group != migration.group) {
      // Several migrations may add the same node (the original's test 17), to one group.
      reader_.Fail(migration_groups_[i],
                   fmt::format("{}.group: {} joins group {} in {}; a node is in one group", path,
                               QuoteForError(migration.add_node), config_.migrations[first].group,
                               migration_paths_[first]));
      return;
    }
  }
  // One in-flight list, the coordinator's, serves every migration: one rule.
  for (std::size_t i = 1; i < config_.migrations.size(); ++i) {
    const auto rule = config_.migrations[i].coordinator.drain_settle;
    if (rule == config_.migrations[0].coordinator.drain_settle) continue;
    reader_.Fail(migration_settles_[i],
                 fmt::format("{}.drain_settle: every migration shares the coordinator's in-flight "
                             "list, so all must name the same rule ({} has {})",
                             migration_paths_[i], migration_paths_[0],
                             rule == model::DrainSettle::kCount ? "per_target" : "count"));
    return;
  }
  std::uint64_t drivers = 0;
  for (std::size_t i = 0; i < config_.migrations.size(); ++i) {
    drivers += config_.migrations[i].split == model::Split::kPerShard ? config_.cluster.shards : 1;
    if (drivers <= config_.limits.drivers_max) continue;
    reader_.Fail(migration_groups_[i],
                 fmt::format("{}: up to {} coordinator migrations (split: per_shard begins one "
                             "per shard), more than the limit of {}",
                             migration_paths_[i], drivers, config_.limits.drivers_max));
    return;
  }
  if (names.size() > config_.limits.nodes_max) {
    reader_.Fail(
        origins[config_.limits.nodes_max],
        fmt::format("{} nodes in the cluster and its migrations, more than the limit of {}",
                    names.size(), config_.limits.nodes_max));
    return;
  }
}

void ScenarioLoader::CheckNameUses(const std::vector<std::string_view>& names) {
  for (const NameUse& use : name_uses_) {
    const bool known = std::find(names.begin(), names.end(), use.name) != names.end() ||
                       (use.orchestrator_ok && use.name == kOrchestrator);
    if (known) continue;
    if (use.name == kOrchestrator) {
      reader_.Fail(use.origin, fmt::format("{}: the orchestrator can only be partitioned, "
                                           "crashed or clock-skewed; name a node",
                                           use.path));
      return;
    }
    std::vector<std::string_view> candidates = names;
    if (use.orchestrator_ok) candidates.push_back(kOrchestrator);
    const std::string_view nearest = NearestName(use.name, candidates);
    reader_.Fail(
        use.origin,
        fmt::format("unknown node {} in {}{}", QuoteForError(use.name), use.path,
                    nearest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", nearest)));
    return;
  }
}

void ScenarioLoader::CheckShardUses() {
  for (const ShardUse& use : shard_uses_) {
    if (use.shard >= config_.cluster.shards) {
      reader_.Fail(use.origin, fmt::format("{}: shard {} does not exist (cluster.shards is {})",
                                           use.path, use.shard, config_.cluster.shards));
      return;
    }
  }
}

void ScenarioLoader::CheckWorkloadSize() {
  const model::WorkloadConfig& workload = config_.workload;
  if (workload.preload > workload.key_space) {
    reader_.Fail(preload_origin_,
                 fmt::format("workload.preload: {} documents do not fit in {} ({})",
                             workload.preload,
                             workload.key_list ? "the keys of workload.keys.file"
                                               : "workload.keys.space",
                             workload.key_space));
    return;
  }
  if (!workload.shards.empty() && workload.key_space > kListedKeySpaceMax) {
    reader_.Fail(shards_origin_,
                 fmt::format("workload.shards: listing a shard's documents scans the key space, "
                             "so workload.keys.space must be at most {} with it, got {}",
                             kListedKeySpaceMax, workload.key_space));
    return;
  }
  std::uint64_t operations = workload.preload + workload.writes;  // each <= operations_max
  for (const model::BurstConfig& burst : workload.bursts) {
    operations += std::min(burst.writes, config_.limits.operations_max + 1);
    if (operations > config_.limits.operations_max) break;
  }
  if (operations > config_.limits.operations_max) {
    reader_.Fail(writes_origin_, fmt::format("workload: preload, writes and bursts add up to more "
                                             "than the limit of {} operations",
                                             config_.limits.operations_max));
    return;
  }
  const double memory =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (const double bytes = model::EstimatedRunBytes(config_); memory > 0 && bytes > memory) {
    reader_.Fail(writes_origin_,
                 fmt::format("workload: a run would need about {:.1f} GiB (documents, nodes, "
                             "operations), more than this machine's {:.1f} GiB",
                             bytes / (1u << 30), memory / (1u << 30)));
    return;
  }
  if (const double pending = model::PendingEventsBound(config_);
      pending > sim::EventQueue::kCapacityMax) {
    reader_.Fail(writes_origin_,
                 fmt::format("workload: up to {:.0f} events could be pending at once (rate times "
                             "request_timeout, every burst at once), more than the simulator "
                             "holds ({})",
                             pending, sim::EventQueue::kCapacityMax));
  }
}

}  // namespace tools
