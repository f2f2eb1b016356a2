// oracle-replay: drives the model's coordinator, in-flight tracking,
// placement and safety guard through a script of calls (an `.ops` file of
// the original's conformance vectors, on standard input) and prints one
// line per call, in the form the original's answers were recorded in
// (../shared/oracle/README.md):
//   printf("%3d %s => %s\n", line_number, op_line_trimmed, result)
// The coordinator runs in its faithful configuration: the original's drain
// rule (DrainSettle::kCount) and safety guard. Exit 0 after the last line;
// 2 on a line it cannot read.
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "model/anti_entropy.h"
#include "model/coordinator.h"
#include "model/inflight.h"
#include "model/routing.h"

namespace {

using model::Coordinator;
using model::CoordinatorError;
using model::NodeIndex;

constexpr std::uint32_t kShards = 1024;  // shard ids in the vectors stay far below

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  return parts;
}

std::string Trim(const std::string& line) {
  const auto first = line.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = line.find_last_not_of(" \t\r");
  return line.substr(first, last - first + 1);
}

std::string Bool(bool value) {
  return value ? "true" : "false";
}

std::string Error(const CoordinatorError& error) {
  return fmt::format("err {}: {}", error.KindName(), error.Message());
}

template <typename T>
std::string Ok(const sim::Result<T, CoordinatorError>& result) {
  return result.has_value() ? "ok" : Error(result.error());
}

std::uint64_t SplitMix64(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class NullListener : public model::PhaseListener {
 public:
  void OnPhase(const model::MigrationRecord&) override {}
  void OnShardState(const model::MigrationRecord&, std::uint32_t) override {}
  void OnRefused(std::uint32_t, const std::string&) override {}
};

// One case of the coordinator (from `coord` to the next), and the router's
// last topology.
class Replay {
 public:
  std::string Run(const std::vector<std::string>& op);

 private:
  std::string Coord(const std::vector<std::string>& op);
  std::string BeginMigration(const std::vector<std::string>& op);
  std::string State(std::uint32_t id) const;
  std::string Topology(const std::vector<std::string>& op);
  std::string WriteTargets(std::uint32_t shard) const;
  std::string RandomKeys(std::uint64_t seed, std::uint64_t count, std::uint32_t shards) const;
  std::string RandomHrw(std::uint64_t seed, std::uint64_t count, std::uint64_t nodes,
                        std::uint32_t rf) const;

  NodeIndex Node(const std::string& name);
  model::DocId Doc(const std::string& name);
  model::NodeMask Nodes(const std::string& list);

  model::CoordinatorSettings settings_;
  std::unique_ptr<model::InFlight> inflight_;
  std::unique_ptr<Coordinator> coordinator_;
  NullListener listener_;
  std::vector<std::string> node_names_;
  std::map<std::string, NodeIndex> nodes_;
  std::map<std::string, model::DocId> docs_;
  std::vector<std::vector<std::string>> groups_;
  std::uint32_t rf_ = 1;
};

std::uint64_t Number(const std::string& text) {
  return std::stoull(text);
}
std::uint32_t Id(const std::string& text) {
  return static_cast<std::uint32_t>(std::stoul(text));
}

NodeIndex Replay::Node(const std::string& name) {
  const auto [it, added] = nodes_.try_emplace(name, static_cast<NodeIndex>(node_names_.size()));
  if (added) node_names_.push_back(name);
  if (it->second >= 64) throw std::runtime_error("more than 64 nodes in one case");
  return it->second;
}

model::DocId Replay::Doc(const std::string& name) {
  return docs_.try_emplace(name, docs_.size()).first->second;
}

model::NodeMask Replay::Nodes(const std::string& list) {
  model::NodeMask mask = 0;
  for (const std::string& name : Split(list, ',')) mask |= model::Bit(Node(name));
  return mask;
}

std::string Replay::Coord(const std::vector<std::string>& op) {
  settings_ = model::CoordinatorSettings{};
  settings_.skip_delta_pass = op.at(1) == "1";
  settings_.anti_entropy_enabled = op.at(2) == "1";
  if (op.size() > 3)
    settings_.drain_timeout = static_cast<sim::Time>(Number(op[3])) * sim::kMillisecond;
  inflight_ = std::make_unique<model::InFlight>(model::DrainSettle::kCount);
  coordinator_ = std::make_unique<Coordinator>(kShards, *inflight_, listener_);
  node_names_.clear();
  nodes_.clear();
  docs_.clear();
  return fmt::format("ok skip_delta_pass={} anti_entropy_enabled={} drain_timeout_ms={}",
                     Bool(settings_.skip_delta_pass), Bool(settings_.anti_entropy_enabled),
                     settings_.drain_timeout / sim::kMillisecond);
}

std::string Replay::BeginMigration(const std::vector<std::string>& op) {
  const NodeIndex new_node = Node(op.at(1));
  std::map<std::uint32_t, NodeIndex> owners;
  for (std::size_t i = 3; i < op.size(); ++i) {
    const auto pair = Split(op[i], '=');
    owners[Id(pair.at(0))] = Node(pair.at(1));  // a shard given twice: the last owner
  }
  const auto begun = coordinator_->BeginMigration(0, settings_, new_node, Id(op.at(2)), owners,
                                                  /*bypass_safety=*/false);
  return begun.has_value() ? fmt::format("ok {}", begun.value()) : Error(begun.error());
}

std::string Replay::State(std::uint32_t id) const {
  if (id >= coordinator_->migration_count()) return "none";
  const model::MigrationRecord& m = coordinator_->migration(id);
  std::string shards;
  std::string owners;
  for (std::uint32_t shard = 0; shard < kShards; ++shard) {
    if (!m.affects(shard)) continue;
    shards +=
        fmt::format("{}s{}:{}", shards.empty() ? "" : ", ", shard, model::ShardText(m, shard));
    owners += fmt::format("{}s{}:{}", owners.empty() ? "" : " ", shard,
                          node_names_.at(m.old_owners[shard]));
  }
  return fmt::format(
      "id={} new_node={} group={} phase={} shards=[{}] old_owners=[{}] started=true completed={}",
      m.id, node_names_.at(m.new_node), m.group, model::PhaseName(m.phase), shards, owners,
      Bool(m.completed));
}

// "topo SHARDS RF NODE@GROUP...": groups exist up to the highest named.
std::string Replay::Topology(const std::vector<std::string>& op) {
  groups_.clear();
  rf_ = Id(op.at(2));
  for (std::size_t i = 3; i < op.size(); ++i) {
    const auto pair = Split(op[i], '@');
    const std::uint32_t group = Id(pair.at(1));
    if (groups_.size() <= group) groups_.resize(group + 1);
    groups_[group].push_back(pair.at(0));
  }
  return fmt::format("ok groups={}", groups_.size());
}

std::string Replay::WriteTargets(std::uint32_t shard) const {
  std::vector<std::string> targets;
  for (const auto& group : groups_) {
    for (const std::uint32_t i : model::OwnersInGroup(shard, group, rf_))
      targets.push_back(group[i]);
  }
  return fmt::format("{}", fmt::join(targets, ","));
}

std::string Replay::RandomKeys(std::uint64_t seed, std::uint64_t count,
                               std::uint32_t shards) const {
  std::vector<std::string> keys;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::string key = fmt::format("k{:x}", SplitMix64(seed));
    keys.push_back(fmt::format("{}:{}", key, model::ShardForKey(key, shards)));
  }
  return fmt::format("{}", fmt::join(keys, " "));
}

std::string Replay::RandomHrw(std::uint64_t seed, std::uint64_t count, std::uint64_t nodes,
                              std::uint32_t rf) const {
  std::vector<std::string> names;
  for (std::uint64_t i = 0; i < nodes; ++i) {
    names.push_back(fmt::format("node-{:x}", SplitMix64(seed) % 4096));
  }
  std::string out = fmt::format("nodes={}", fmt::join(names, ","));
  for (std::uint64_t shard = 0; shard < count; ++shard) {
    std::vector<std::string> owners;
    for (const std::uint32_t i :
         model::OwnersInGroup(static_cast<std::uint32_t>(shard), names, rf)) {
      owners.push_back(names[i]);
    }
    out += fmt::format(" {}:{}", shard, fmt::join(owners, ","));
  }
  return out;
}

std::string Replay::Run(const std::vector<std::string>& op) {
  const std::string& name = op.at(0);
  if (name == "coord") return Coord(op);
  if (name == "shard_for_key") return fmt::format("{}", model::ShardForKey(op.at(1), Id(op.at(2))));
  if (name == "key_hash") return fmt::format("{}", model::KeyHash(op.at(1)));
  if (name == "score") return fmt::format("{}", model::RendezvousScore(Id(op.at(1)), op.at(2)));
  if (name == "assign") {
    const std::vector<std::string> nodes = Split(op.at(3), ',');
    std::vector<std::string> owners;
    for (const std::uint32_t i : model::OwnersInGroup(Id(op.at(1)), nodes, Id(op.at(2)))) {
      owners.push_back(nodes[i]);
    }
    return fmt::format("{}", fmt::join(owners, ","));
  }
  if (name == "topo") return Topology(op);
  if (name == "write_targets") return WriteTargets(Id(op.at(1)));
  if (name == "random_keys") return RandomKeys(Number(op.at(1)), Number(op.at(2)), Id(op.at(3)));
  if (name == "random_hrw") {
    return RandomHrw(Number(op.at(1)), Number(op.at(2)), Number(op.at(3)), Id(op.at(4)));
  }
  if (name == "ae_validate") {
    model::AntiEntropyConfig anti_entropy;
    anti_entropy.enabled = op.at(1) == "1";
    model::CoordinatorSettings migration;
    migration.skip_delta_pass = op.at(2) == "1";
    migration.anti_entropy_enabled = op.at(3) == "1";
    return Ok(model::ValidateMigrationSafety(anti_entropy, migration));
  }
  if (name == "ae_warning") {
    return model::MigrationWarningIfAntiEntropyDisabled(op.at(1) == "1").value_or("none");
  }
  if (name == "ae_defaults") {
    const model::AntiEntropyConfig d;
    return fmt::format(
        "enabled={} schedule_cron=\"{}\" shards_per_pass={} max_read_concurrency={} "
        "fingerprint_batch_size={} auto_repair={} updated_at_field={}",
        Bool(d.enabled), d.schedule_cron, d.shards_per_pass, d.max_read_concurrency,
        d.fingerprint_batch_size, Bool(d.auto_repair), d.updated_at_field);
  }
  if (!coordinator_) throw std::runtime_error("a coordinator call before the first coord");
  Coordinator& c = *coordinator_;
  if (name == "validate") return Ok(Coordinator::ValidateSafety(settings_));
  if (name == "begin_migration") return BeginMigration(op);
  if (name == "begin_dual_write") return Ok(c.BeginDualWrite(Id(op.at(1))));
  if (name == "shard_complete") {
    return Ok(c.ShardMigrationComplete(Id(op.at(1)), Id(op.at(2)), Number(op.at(3))));
  }
  if (name == "delta_complete") {
    return Ok(c.ShardDeltaComplete(Id(op.at(1)), Id(op.at(2)), Number(op.at(3))));
  }
  if (name == "cleanup") return Ok(c.CompleteCleanup(Id(op.at(1))));
  if (name == "begin_cutover" || name == "complete_drain") {
    const auto phase =
        name == "begin_cutover" ? c.BeginCutover(Id(op.at(1))) : c.CompleteDrain(Id(op.at(1)));
    return phase.has_value() ? fmt::format("ok {}", model::PhaseName(phase.value()))
                             : Error(phase.error());
  }
  if (name == "register") {
    inflight_->Register(Doc(op.at(1)), Id(op.at(2)), Nodes(op.at(3)));
    return "ok";
  }
  if (name == "ack" || name == "fail") {
    const model::DocId doc = Doc(op.at(1));
    const NodeIndex node = Node(op.at(2));
    name == "ack" ? inflight_->Ack(doc, node) : inflight_->Fail(doc, node);
    return "ok";
  }
  if (name == "is_drained") return Bool(inflight_->IsDrained());
  if (name == "dual_write") return Bool(c.IsDualWriteActive(Id(op.at(1))));
  if (name == "state") return State(Id(op.at(1)));
  throw std::runtime_error("unknown op \"" + name + "\"");
}

}  // namespace

int main() {
  Replay replay;
  std::string line;
  for (int number = 1; std::getline(std::cin, line); ++number) {
    const std::string op = Trim(line);
    if (op.empty() || op.front() == '#') continue;
    std::vector<std::string> words;
    std::stringstream in(op);
    for (std::string word; in >> word;) words.push_back(word);
    try {
      std::printf("%3d %s => %s\n", number, op.c_str(), replay.Run(words).c_str());
    } catch (const std::exception& error) {
      std::fprintf(stderr, "oracle-replay: line %d: %s: %s\n", number, op.c_str(), error.what());
      return 2;
    }
  }
  return 0;
}
