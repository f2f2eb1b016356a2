#include "model/run_size.h"

#include <algorithm>

#include "model/cause_tracker.h"
#include "model/history.h"
#include "model/store.h"
#include "sim/event_queue.h"

namespace model {

sim::SimulationConfig KernelConfigFor(const ModelConfig& config) {
  sim::SimulationConfig k;
  k.seed = config.seed;
  const double pending = PendingEventsBound(config);
  k.events_max =
      static_cast<std::uint32_t>(std::min(pending, double{sim::EventQueue::kCapacityMax}));
  k.network.latency = config.network.latency;
  k.network.drop_probability = config.network.drop;
  k.network.messages_max = std::max<std::uint32_t>(1u << 18, k.events_max);
  k.keep_trace = config.keep_trace;
  return k;
}

double PendingEventsBound(const ModelConfig& config) {
  // About one request timer per request in the last request_timeout, plus
  // messages and the run's own timers; and every burst pending at once, each
  // write a message to every owner and new node, and its timer.
  const double timeout_s = static_cast<double>(config.network.request_timeout) / sim::kSecond;
  double bursts = 0;
  for (const BurstConfig& burst : config.workload.bursts)
    bursts += static_cast<double>(burst.writes);
  double fanout = 1.0 + static_cast<double>(config.migrations.size());
  fanout += static_cast<double>(config.cluster.groups.size() * config.cluster.replication_factor);
  return config.workload.rate * (timeout_s + 1.0) * 2.0 + bursts * fanout + 65'536.0;
}

namespace {

// Preload, writes and bursts: in double, so no sum of unchecked counts wraps.
double Operations(const ModelConfig& config) {
  double operations = static_cast<double>(config.workload.preload) +
                      static_cast<double>(config.workload.writes);
  for (const BurstConfig& burst : config.workload.bursts) {
    operations += static_cast<double>(burst.writes);
  }
  return operations;
}

}  // namespace

std::vector<NodeSlot> Nodes(const ModelConfig& config) {
  std::vector<NodeSlot> nodes;
  const auto known = [&](const std::string& name) {
    return std::any_of(nodes.begin(), nodes.end(), [&](const NodeSlot& n) { return n.name == name; });
  };
  for (std::uint32_t g = 0; g < config.cluster.groups.size(); ++g) {
    for (const std::string& name : config.cluster.groups[g]) nodes.push_back({name, g});
  }
  for (const MigrationConfig& m : config.migrations) {
    if (!known(m.add_node)) nodes.push_back({m.add_node, m.group});  // two may add the same node
  }
  return nodes;
}

std::uint64_t DocumentsMax(const ModelConfig& config) {
  return static_cast<std::uint64_t>(
      std::min(Operations(config), static_cast<double>(config.workload.key_space)));
}

double EstimatedRunBytes(const ModelConfig& config) {
  const auto nodes = static_cast<double>(Nodes(config).size());
  const double operations = Operations(config);
  // Every operation may touch a new document, at most the key space.
  const std::uint64_t documents_max = DocumentsMax(config);
  const auto documents = static_cast<double>(documents_max);
  // Each document is held by its owners in every group and by each node a
  // migration adds: per copy its version in its shard's array by slot (which
  // grows by doubling) and its place in its shard's order.
  const double copies =
      documents * static_cast<double>(config.cluster.groups.size() *
                                          config.cluster.replication_factor +
                                      config.migrations.size());
  const double per_copy = 2.0 * sizeof(Version) + sizeof(DocId);
  const double per_node = static_cast<double>(config.cluster.shards) * 64.0;
  // The place of a document: by id when dense, else a flat map entry at a
  // load of one half; per touched document its id and bucket hash.
  const bool dense = Keyspace::Dense(config.workload.key_space, documents_max);
  const double places = dense ? static_cast<double>(config.workload.key_space) * sizeof(Place)
                              : documents * 2.0 * (sizeof(DocId) + sizeof(Place) + 8.0);
  const double keyspace = places + documents * 2.0 * (sizeof(DocId) + sizeof(std::uint64_t));
  // The witness's 40-byte entry per document, in arrays that grow by doubling.
  const double witness = documents * 2.0 * 40.0;
  // The operation, its change-event count, the witness's bookkeeping, and
  // the cause tracker's reading (model/cause_tracker.h).
  const double per_operation = sizeof(Operation) + 1.0 + 2 * sizeof(std::uint64_t) +
                               CauseTracker::kBytesPerOperation;
  const double events = PendingEventsBound(config) * 48.0;
  // workload.shards lists its documents: every one of the key space at worst.
  const double listed = config.workload.shards.empty()
                            ? 0.0
                            : static_cast<double>(config.workload.key_space) * sizeof(DocId);
  // A key list: each key's string (and its bytes past the inline 15) and rank.
  const KeyList* list = config.workload.key_list.get();
  const double key_list =
      list == nullptr ? 0.0
                      : static_cast<double>(list->by_id.size()) *
                                (sizeof(std::string) + sizeof(std::uint64_t)) +
                            static_cast<double>(list->bytes);
  return key_list + copies * per_copy + nodes * per_node + keyspace + witness +
         operations * per_operation + events + listed;
}

}  // namespace model
