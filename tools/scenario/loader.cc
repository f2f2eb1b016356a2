#include "tools/scenario/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "tools/scenario/key_file.h"
#include "tools/scenario/knobs.h"

namespace tools {
namespace {

constexpr std::uint32_t kPageSizeMax = 1'000'000;
constexpr std::uint32_t kBatchMax = 10'000;
constexpr std::uint32_t kClientRetriesMax = 100;
constexpr std::uint32_t kBucketsMax = 65'536;
constexpr double kRateMax = 1e9;  // one write per nanosecond
constexpr double kZipfSMax = 100;

const Keys kTopKeys = {"name",       "description",  "seed",   "cluster", "migration",
                       "migrations", "anti_entropy", "router", "network", "workload",
                       "faults",     "swarm",        "run",    "expect",  "sweep"};
const Keys kClusterKeys = {"shards", "replication_factor", "groups", "placement"};
// The keys of a migration besides its knobs (tools/scenario/knobs.h).
const Keys kMigrationKeys = {"add_node",      "group",         "move",
                             "start",         "page_size",     "page_interval",
                             "drain_timeout", "drain_retries", "dual_write_delay"};
constexpr std::uint32_t kDrainRetriesMax = 1'000'000;
constexpr std::uint64_t kMaxEventsMax = 1'000'000'000'000;  // a few hours of one core

// The keys a block takes: its own, then its knobs'.
Keys WithKnobs(Keys keys, std::string_view block) {
  for (const Knob& knob : Knobs()) {
    if (knob.block == block) keys.push_back(knob.key);
  }
  return keys;
}
const Keys kAntiEntropyKeys = {"interval",        "first_pass",
                               "shards_per_pass", "fingerprint_batch_size",
                               "buckets",         "auto_repair"};
const Keys kNetworkKeys = {"latency", "drop", "request_timeout"};
const Keys kWorkloadKeys = {"preload", "writes", "rate",           "start",  "keys",
                            "deletes", "batch",  "client_retries", "bursts", "shards"};
// Latency parameters by distribution: fixed, uniform, exponential, lognormal.
const NamedValues<sim::LatencyModel::Kind> kLatencyKinds = {
    {"fixed", sim::LatencyModel::Kind::kFixed},
    {"uniform", sim::LatencyModel::Kind::kUniform},
    {"exponential", sim::LatencyModel::Kind::kExponential},
    {"lognormal", sim::LatencyModel::Kind::kLogNormal}};
const std::vector<Keys> kLatencyKeys = {
    {"dist", "value"}, {"dist", "min", "max"}, {"dist", "mean"}, {"dist", "median", "p99"}};

}  // namespace

ScenarioLoader::ScenarioLoader(const DocSource& source, Scenario& scenario)
    : reader_(source), scenario_(scenario), config_(scenario.model) {}

std::optional<LoadError> ScenarioLoader::Load(const DocNode& root) {
  if (!reader_.IsMapping(root, "")) return reader_.error();
  config_.migrations.clear();  // none unless the file has some
  const DocEntry* single = root.FindEntry("migration");
  const DocEntry* several = root.FindEntry("migrations");
  if (single != nullptr && several != nullptr) {
    reader_.Fail(std::max(single, several)->key_origin,
                 "both migration and migrations are given (migration: is a one-item "
                 "migrations:; use one)");
    return reader_.error();
  }
  for (const DocEntry& entry : root.entries) {
    const DocNode& value = entry.value;
    const std::string_view key = entry.key;
    if (key == "name") {
      reader_.StringField(root, "", "name", config_.name);
      if (reader_.ok() && config_.name.empty()) {
        reader_.Fail(value.origin, "name: must not be empty");
      }
    } else if (key == "description") {
      reader_.StringField(root, "", "description", scenario_.description);
    } else if (key == "seed") {
      reader_.IntegerField(root, "", "seed", 0, UINT64_MAX, config_.seed);
    } else if (key == "cluster") {
      LoadCluster(value);
    } else if (key == "migration") {
      LoadMigration(value, "migration");
    } else if (key == "migrations") {
      if (!reader_.IsList(value, "migrations")) continue;
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        LoadMigration(value.items[i], ItemPath("migrations", i));
      }
    } else if (key == "anti_entropy") {
      LoadAntiEntropy(value);
    } else if (key == "router") {
      if (!reader_.IsMapping(value, "router") ||
          !reader_.KnownKeys(value, "router", WithKnobs({}, "router"))) {
        continue;
      }
      LoadKnobs(value, "router", "router", 0);
    } else if (key == "network") {
      LoadNetwork(value);
    } else if (key == "workload") {
      LoadWorkload(value);
    } else if (key == "faults") {
      if (!reader_.IsList(value, "faults")) continue;
      for (std::size_t i = 0; i < value.items.size(); ++i) {
        LoadFault(value.items[i], ItemPath("faults", i));
      }
    } else if (key == "swarm") {
      LoadSwarm(value);
    } else if (key == "run") {
      if (!reader_.IsMapping(value, "run") ||
          !reader_.KnownKeys(value, "run", {"until", "max_events"})) {
        continue;
      }
      reader_.TimePointField(value, "run", "until", config_.run.until);
      reader_.IntegerField(value, "run", "max_events", 1, kMaxEventsMax, config_.run.max_events);
    } else if (key == "expect") {
      LoadExpect(value);
    } else if (key == "sweep") {
      LoadSweep(value);
    } else {
      reader_.KnownKeys(root, "", kTopKeys);  // reports this key, the first unknown one
    }
  }
  if (reader_.ok()) reader_.Has(root, "", "name");
  if (reader_.ok()) CheckReferences();
  return reader_.error();
}

void ScenarioLoader::LoadCluster(const DocNode& node) {
  if (!reader_.IsMapping(node, "cluster") ||
      !reader_.KnownKeys(node, "cluster", WithKnobs(kClusterKeys, "cluster"))) {
    return;
  }
  LoadKnobs(node, "cluster", "cluster", 0);
  model::ClusterConfig& cluster = config_.cluster;
  reader_.IntegerField(node, "cluster", "shards", 1, config_.limits.shards_max, cluster.shards);
  reader_.IntegerField(node, "cluster", "replication_factor", 1, config_.limits.nodes_max,
                       cluster.replication_factor);
  if (const DocNode* groups = node.Find("groups")) {
    cluster.groups.clear();
    if (!reader_.IsList(*groups, "cluster.groups")) return;
    if (groups->items.empty()) {
      reader_.Fail(groups->origin, "cluster.groups: expected at least one group");
    }
    for (std::size_t g = 0; g < groups->items.size(); ++g) {
      const DocNode& group = groups->items[g];
      const std::string path = ItemPath("cluster.groups", g);
      if (!reader_.IsMapping(group, path) || !reader_.KnownKeys(group, path, {"nodes"}) ||
          !reader_.Has(group, path, "nodes")) {
        return;
      }
      const DocNode& nodes = *group.Find("nodes");
      const std::string nodes_path = ChildPath(path, "nodes");
      if (!reader_.IsList(nodes, nodes_path)) return;
      if (nodes.items.empty()) {
        reader_.Fail(nodes.origin, nodes_path + ": expected at least one node");
      }
      cluster.groups.emplace_back();
      for (std::size_t n = 0; n < nodes.items.size(); ++n) {
        const auto name = NodeName(nodes.items[n], ItemPath(nodes_path, n));
        if (!name) return;
        for (const NodeDefinition& other : cluster_nodes_) {
          if (other.name != *name) continue;
          reader_.Fail(
              nodes.items[n].origin,
              other.group == g
                  ? fmt::format("{}: node {} is listed twice", ItemPath(nodes_path, n),
                                QuoteForError(*name))
                  : fmt::format("{}: node {} is already in cluster.groups[{}]",
                                ItemPath(nodes_path, n), QuoteForError(*name), other.group));
          return;
        }
        cluster_nodes_.push_back({*name, nodes.items[n].origin, g});
        cluster.groups.back().push_back(*name);
      }
    }
  }
  std::size_t smallest = SIZE_MAX;
  std::size_t smallest_index = 0;
  for (std::size_t g = 0; g < cluster.groups.size(); ++g) {
    if (cluster.groups[g].size() < smallest) {
      smallest = cluster.groups[g].size();
      smallest_index = g;
    }
  }
  if (reader_.ok() && cluster.replication_factor > smallest) {
    const DocNode* rf = node.Find("replication_factor");
    reader_.Fail(rf != nullptr ? rf->origin : node.origin,
                 fmt::format("cluster.replication_factor: {} is more than the {} node{} of "
                             "cluster.groups[{}]",
                             cluster.replication_factor, smallest, smallest == 1 ? "" : "s",
                             smallest_index));
  }
  if (const DocNode* placement = node.Find("placement"); placement != nullptr && reader_.ok()) {
    LoadPlacement(*placement);
  }
}

void ScenarioLoader::LoadMigration(const DocNode& node, const std::string& path) {
  config_.migrations.emplace_back();
  model::MigrationConfig& migration = config_.migrations.back();
  added_nodes_.push_back({migration.add_node, node.origin});
  migration_paths_.push_back(path);
  migration_groups_.push_back(node.origin);
  if (!reader_.IsMapping(node, path) ||
      !reader_.KnownKeys(node, path, WithKnobs(kMigrationKeys, "migrations"))) {
    return;
  }
  if (const DocNode* add_node = node.Find("add_node")) {
    if (const auto name = NodeName(*add_node, ChildPath(path, "add_node"))) {
      migration.add_node = *name;
      added_nodes_.back() = {*name, add_node->origin};
    }
  }
  if (const DocNode* group = node.Find("group")) migration_groups_.back() = group->origin;
  reader_.IntegerField(node, path, "group", 0, UINT32_MAX, migration.group);
  if (const DocNode* move = node.Find("move")) LoadMove(*move, ChildPath(path, "move"), migration);
  reader_.TimePointField(node, path, "start", migration.start);
  reader_.IntegerField(node, path, "page_size", 1, kPageSizeMax, migration.page_size);
  reader_.DurationField(node, path, "page_interval", false, false, migration.page_interval);
  reader_.DurationField(node, path, "drain_timeout", false, true,
                        migration.coordinator.drain_timeout);
  reader_.IntegerField(node, path, "drain_retries", 0, kDrainRetriesMax, migration.drain_retries);
  reader_.DurationField(node, path, "dual_write_delay", false, false, migration.dual_write_delay);
  LoadKnobs(node, path, "migrations", config_.migrations.size() - 1);
  // One migration copies its shards in id order; only separate ones can run at once.
  const DocNode* copy = node.Find("copy");
  if (reader_.ok() && copy != nullptr && migration.copy == model::CopyOrder::kParallel &&
      migration.split == model::Split::kNone) {
    reader_.Fail(copy->origin, ChildPath(path, "copy") +
                                   ": parallel needs split: per_shard (one migration "
                                   "copies its shards one after another)");
  }
  const DocNode* settle = node.Find("drain_settle");
  migration_settles_.push_back(settle != nullptr ? settle->origin : node.origin);
}

// The knobs of `block` that `node` sets (tools/scenario/knobs.h).
void ScenarioLoader::LoadKnobs(const DocNode& node, const std::string& path, std::string_view block,
                               std::size_t migration) {
  for (const Knob& knob : Knobs()) {
    if (knob.block != block) continue;
    const DocNode* value = node.Find(knob.key);
    if (value == nullptr) continue;
    const std::string value_path = ChildPath(path, knob.key);
    std::optional<std::size_t> index;
    if (knob.boolean()) {
      const auto on = reader_.Bool(*value, value_path);
      if (on) index = *on ? 1 : 0;
    } else {
      index = reader_.OneOf(*value, value_path, knob.values);
    }
    if (index) knob.set(config_, migration, *index);
  }
}

void ScenarioLoader::LoadMove(const DocNode& node, const std::string& path,
                              model::MigrationConfig& migration) {
  if (node.kind == DocNode::Kind::kSequence) {
    if (node.items.empty()) {
      reader_.Fail(node.origin, path + ": expected at least one shard");
      return;
    }
    migration.move = model::MoveKind::kList;
    UseShards(node, path, migration.move_shards);
    return;
  }
  const bool text =
      node.kind == DocNode::Kind::kScalar && ClassifyScalar(node) == ScalarType::kString;
  if (text && (node.text == "hrw" || node.text == "all")) {
    migration.move = node.text == "hrw" ? model::MoveKind::kHrw : model::MoveKind::kAll;
    return;
  }
  const std::string_view nearest = text ? NearestName(node.text, {"hrw", "all"}) : "";
  reader_.Fail(node.origin,
               fmt::format("{}: expected hrw, all or a list of shard numbers, got {}{}", path,
                           DescribeNode(node),
                           nearest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", nearest)));
}

void ScenarioLoader::LoadAntiEntropy(const DocNode& node) {
  constexpr std::string_view kPath = "anti_entropy";
  if (!reader_.IsMapping(node, kPath) ||
      !reader_.KnownKeys(node, kPath, WithKnobs(kAntiEntropyKeys, kPath))) {
    return;
  }
  model::AntiEntropyConfig& ae = config_.anti_entropy;
  LoadKnobs(node, std::string(kPath), kPath, 0);
  reader_.DurationField(node, kPath, "interval", false, true, ae.interval);
  reader_.DurationField(node, kPath, "first_pass", false, false, ae.first_pass);
  reader_.IntegerField(node, kPath, "shards_per_pass", 0, config_.limits.shards_max,
                       ae.shards_per_pass);
  reader_.IntegerField(node, kPath, "fingerprint_batch_size", 1, kPageSizeMax,
                       ae.fingerprint_batch_size);
  reader_.IntegerField(node, kPath, "buckets", 1, kBucketsMax, ae.buckets);
  reader_.BoolField(node, kPath, "auto_repair", ae.auto_repair);
}

void ScenarioLoader::LoadNetwork(const DocNode& node) {
  constexpr std::string_view kPath = "network";
  if (!reader_.IsMapping(node, kPath) || !reader_.KnownKeys(node, kPath, kNetworkKeys)) return;
  if (const DocNode* latency = node.Find("latency")) LoadLatency(*latency, "network.latency");
  reader_.NumberField(node, kPath, "drop", 0, 1, false, config_.network.drop);
  reader_.DurationField(node, kPath, "request_timeout", false, true,
                        config_.network.request_timeout);
}

void ScenarioLoader::LoadLatency(const DocNode& node, const std::string& path) {
  if (!reader_.IsMapping(node, path) || !reader_.Has(node, path, "dist")) return;
  const auto kind = reader_.Enum(*node.Find("dist"), ChildPath(path, "dist"), kLatencyKinds);
  if (!kind) return;
  const Keys& keys = kLatencyKeys[static_cast<std::size_t>(*kind)];
  if (!reader_.KnownKeys(node, path, keys)) return;
  const std::string context =
      fmt::format(" for dist {}", kLatencyKinds[static_cast<std::size_t>(*kind)].first);
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (!reader_.Has(node, path, keys[i], context)) return;
  }
  const auto read = [&](std::string_view key, bool positive) {
    return reader_.Duration(*node.Find(key), ChildPath(path, key), false, positive).value_or(0);
  };
  sim::LatencyModel& latency = config_.network.latency;
  latency = sim::LatencyModel{*kind, 0, 0};
  switch (*kind) {
    case sim::LatencyModel::Kind::kFixed:
      latency.a = read("value", false);
      return;
    case sim::LatencyModel::Kind::kUniform:
      latency.a = read("min", false);
      latency.b = read("max", false);
      if (reader_.ok() && latency.b < latency.a) {
        reader_.Fail(node.Find("max")->origin,
                     fmt::format("{}.max: must be at least min ({}), got {}", path,
                                 sim::FormatDuration(latency.a), sim::FormatDuration(latency.b)));
      }
      return;
    case sim::LatencyModel::Kind::kExponential:
      latency.a = read("mean", true);
      return;
    case sim::LatencyModel::Kind::kLogNormal:
      latency.a = read("median", true);
      latency.b = read("p99", true);
      if (reader_.ok() && latency.b <= latency.a) {
        reader_.Fail(node.Find("p99")->origin,
                     fmt::format("{}.p99: must be more than median ({}), got {}", path,
                                 sim::FormatDuration(latency.a), sim::FormatDuration(latency.b)));
      }
      return;
  }
}

void ScenarioLoader::LoadWorkload(const DocNode& node) {
  constexpr std::string_view kPath = "workload";
  if (!reader_.IsMapping(node, kPath) || !reader_.KnownKeys(node, kPath, kWorkloadKeys)) return;
  model::WorkloadConfig& workload = config_.workload;
  const std::uint64_t operations_max = config_.limits.operations_max;
  reader_.IntegerField(node, kPath, "preload", 0, operations_max, workload.preload);
  reader_.IntegerField(node, kPath, "writes", 0, operations_max, workload.writes);
  if (const DocNode* preload = node.Find("preload")) preload_origin_ = preload->origin;
  if (const DocNode* writes = node.Find("writes")) writes_origin_ = writes->origin;
  reader_.NumberField(node, kPath, "rate", 0, kRateMax, /*above_min=*/true, workload.rate);
  reader_.TimePointField(node, kPath, "start", workload.start);
  if (const DocNode* keys = node.Find("keys")) {
    const std::string path = "workload.keys";
    if (reader_.IsMapping(*keys, path) &&
        reader_.KnownKeys(*keys, path, {"space", "file", "dist", "s"})) {
      reader_.IntegerField(*keys, path, "space", 1, config_.limits.key_space_max,
                           workload.key_space);
      if (const DocNode* file = keys->Find("file")) LoadKeyFile(*keys, *file, path);
      reader_.EnumField(
          *keys, path, "dist",
          NamedValues<model::KeyDistribution>{{"uniform", model::KeyDistribution::kUniform},
                                              {"zipf", model::KeyDistribution::kZipf}},
          workload.key_distribution);
      reader_.NumberField(*keys, path, "s", 0, kZipfSMax, /*above_min=*/true, workload.zipf_s);
    }
  }
  reader_.NumberField(node, kPath, "deletes", 0, 1, false, workload.deletes);
  reader_.IntegerField(node, kPath, "batch", 1, kBatchMax, workload.batch);
  reader_.IntegerField(node, kPath, "client_retries", 0, kClientRetriesMax,
                       workload.client_retries);
  if (const DocNode* bursts = node.Find("bursts")) LoadBursts(*bursts, "workload.bursts");
  if (const DocNode* shards = node.Find("shards")) {
    if (reader_.IsList(*shards, "workload.shards")) {
      UseShards(*shards, "workload.shards", workload.shards);
      shards_origin_ = shards->origin;
    }
  }
}

// `keys: {file: keys.txt}`: the documents are the file's keys, and the key
// space their number.
void ScenarioLoader::LoadKeyFile(const DocNode& keys, const DocNode& file, const std::string& path) {
  model::WorkloadConfig& workload = config_.workload;
  if (const DocNode* space = keys.Find("space")) {
    reader_.Fail(space->origin, fmt::format("{}: give space or file, not both", path));
    return;
  }
  const std::optional<std::string> named = reader_.String(file, ChildPath(path, "file"));
  if (!named) return;
  if (named->empty()) {
    reader_.Fail(file.origin, fmt::format("{}.file: must name a file", path));
    return;
  }
  auto list = ReadKeyFile(KeyFilePath(reader_.source().file, *named));
  if (!list.has_value()) {
    // Where the scenario names the file, then where in the file.
    reader_.Fail(file.origin, fmt::format("{}.file: {}", path, list.error().message));
    return;
  }
  workload.key_file = *named;
  workload.key_list = std::move(list).value();
  workload.key_space = workload.key_list->by_id.size();
}

// `placement: [[old-0], [old-0], [old-1]]`: item i pins the owners of shard
// i; in each group that it names nodes of, exactly replication_factor.
void ScenarioLoader::LoadPlacement(const DocNode& node) {
  constexpr std::string_view kPath = "cluster.placement";
  model::ClusterConfig& cluster = config_.cluster;
  if (!reader_.IsList(node, kPath)) return;
  if (node.items.size() > cluster.shards) {
    reader_.Fail(node.items[cluster.shards].origin, fmt::format("{}: {} items for {} shards", kPath,
                                                                node.items.size(), cluster.shards));
    return;
  }
  for (std::size_t shard = 0; shard < node.items.size(); ++shard) {
    const DocNode& item = node.items[shard];
    const std::string path = ItemPath(std::string(kPath), shard);
    if (!reader_.IsList(item, path)) return;
    std::vector<std::uint32_t> per_group(cluster.groups.size(), 0);
    std::vector<std::string> owners;
    for (std::size_t i = 0; i < item.items.size(); ++i) {
      const auto name = NodeName(item.items[i], ItemPath(path, i));
      if (!name) return;
      std::optional<std::size_t> group;
      for (std::size_t g = 0; g < cluster.groups.size(); ++g) {
        const auto& nodes = cluster.groups[g];
        if (std::find(nodes.begin(), nodes.end(), *name) != nodes.end()) group = g;
      }
      if (!group || std::find(owners.begin(), owners.end(), *name) != owners.end()) {
        reader_.Fail(item.items[i].origin,
                     fmt::format("{}: {} {}", ItemPath(path, i), QuoteForError(*name),
                                 group ? "is listed twice" : "is not a node of cluster.groups"));
        return;
      }
      ++per_group[*group];
      owners.push_back(*name);
    }
    for (std::size_t g = 0; g < per_group.size(); ++g) {
      if (per_group[g] == 0 || per_group[g] == cluster.replication_factor) continue;
      reader_.Fail(item.origin, fmt::format("{}: {} owner{} in cluster.groups[{}], not "
                                            "replication_factor ({})",
                                            path, per_group[g], per_group[g] == 1 ? "" : "s", g,
                                            cluster.replication_factor));
      return;
    }
    cluster.placement.push_back(std::move(owners));
  }
}

void ScenarioLoader::LoadBursts(const DocNode& node, const std::string& path) {
  if (!reader_.IsList(node, path)) return;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const DocNode& item = node.items[i];
    const std::string item_path = ItemPath(path, i);
    if (!reader_.IsMapping(item, item_path) ||
        !reader_.KnownKeys(item, item_path, {"at", "writes", "over"}) ||
        !reader_.Has(item, item_path, "at") || !reader_.Has(item, item_path, "writes")) {
      return;
    }
    model::BurstConfig& burst = config_.workload.bursts.emplace_back();
    reader_.TimePointField(item, item_path, "at", burst.at);
    reader_.IntegerField(item, item_path, "writes", 0, config_.limits.operations_max, burst.writes);
    reader_.DurationField(item, item_path, "over", false, false, burst.over);
  }
}

}  // namespace tools
