#include "model/orchestrator.h"

#include <algorithm>

#include "model/forensics.h"
#include "model/token.h"
#include "model/witness.h"
#include "sim/check.h"

namespace model {

Orchestrator::Orchestrator(World& world, Coordinator& coordinator, InFlight& inflight,
                           ClientSink& client, PhaseListener& listener)
    : world_(world),
      coordinator_(coordinator),
      inflight_(inflight),
      listener_(listener),
      router_(world, coordinator, client),
      anti_entropy_(world) {}

void Orchestrator::AddMigration(std::uint32_t source, NodeIndex new_node) {
  SIM_ASSERT(source == rebalances_.size(), "migrations added out of order: {}", source);
  rebalances_.push_back(Rebalance{new_node, {}, {}, false});
  // One migration: its driver exists from the start.
  if (world_.config.migrations[source].split == Split::kNone) AddPart(source, std::nullopt);
}

void Orchestrator::AddPart(std::uint32_t source, std::optional<std::uint32_t> shard) {
  Rebalance& r = rebalances_[source];
  SIM_ASSERT(drivers_.size() < world_.config.limits.drivers_max, "drivers={} (the loader checks)",
             drivers_.size());
  r.parts.push_back(static_cast<std::uint32_t>(drivers_.size()));
  drivers_.push_back(std::make_unique<Driver>(world_, coordinator_, router_, listener_, source,
                                              r.parts.back(), r.new_node, shard));
}

void Orchestrator::Boot() {
  anti_entropy_.Schedule();
}

void Orchestrator::StartMigration(std::uint32_t source) {
  if (!up()) {
    rebalances_[source].start_due = true;
    return;
  }
  BeginParts(source);
}

// Split: the shards moved now, one migration each (none moved: one empty
// migration, as without a split).
void Orchestrator::BeginParts(std::uint32_t source) {
  Rebalance& r = rebalances_[source];
  const MigrationConfig& config = world_.config.migrations[source];
  if (r.parts.empty()) {
    const auto moved = MovedShards(world_, config, r.new_node);
    if (moved.empty()) AddPart(source, std::nullopt);
    for (auto shard = moved.rbegin(); shard != moved.rend(); ++shard) {
      r.waiting.push_back(shard->first);
    }
    const bool all = config.copy == CopyOrder::kParallel;
    while (!r.waiting.empty() && (all || r.parts.empty())) {
      AddPart(source, r.waiting.back());
      r.waiting.pop_back();
    }
  }
  for (const std::uint32_t part : r.parts) drivers_[part]->Start();
}

void Orchestrator::Completed(const MigrationRecord& m) {
  Rebalance& r = rebalances_[m.source];
  if (r.waiting.empty() || drivers_[r.parts.back()]->id() != m.id) return;
  AddPart(m.source, r.waiting.back());
  r.waiting.pop_back();
  // Inside the coordinator's call: the next migration begins at the next instant.
  drivers_[r.parts.back()]->StartSoon();
}

bool Orchestrator::PartsWaiting(std::uint32_t source) const {
  const Rebalance& r = rebalances_[source];
  return !r.waiting.empty() || std::any_of(r.parts.begin(), r.parts.end(), [&](std::uint32_t p) {
    return !drivers_[p]->started() && !drivers_[p]->refused();
  });
}

std::vector<std::uint32_t> Orchestrator::MigrationIds(std::uint32_t source) const {
  std::vector<std::uint32_t> ids;
  for (const std::uint32_t part : rebalances_[source].parts) {
    if (const auto id = drivers_[part]->id()) ids.push_back(*id);
  }
  return ids;
}

void Orchestrator::Activate(const MigrationRecord& m) {
  for (std::uint32_t shard = 0; shard < m.shards.size(); ++shard) {
    if (m.shards[shard] != ShardState::kActive) continue;
    std::vector<NodeIndex>& owners = world_.routes.owners(shard, m.group);
    if (std::find(owners.begin(), owners.end(), m.new_node) != owners.end()) continue;
    auto old = std::find(owners.begin(), owners.end(), m.old_owners[shard]);
    if (old == owners.end()) old = owners.end() - 1;  // an earlier migration displaced it
    *old = m.new_node;
    world_.witness->Rerouted(shard);
  }
  router_.ReleaseHeld(m.id);
}

void Orchestrator::OnMessage(const sim::Message& message) {
  const Token token = Token::Unpack(message.words[0]);
  switch (token.component) {
    case Component::kRouter:
      router_.OnReply(message);
      return;
    case Component::kDriver:
      drivers_.at(token.index & 0xFFFFF)->OnReply(message);
      return;
    case Component::kAntiEntropy:
      anti_entropy_.OnReply(message);
      return;
    case Component::kClient:
      break;
  }
  SIM_UNREACHABLE("orchestrator got a message for component {}", static_cast<int>(token.component));
}

void Orchestrator::OnTimer(std::uint64_t tag) {
  const Token token = Token::Unpack(tag);
  switch (token.component) {
    case Component::kRouter:
      router_.OnTimeout(token.index, token.sequence);
      return;
    case Component::kDriver:
      drivers_.at(token.index & 0xFFFFF)->OnTimer(tag);
      return;
    case Component::kAntiEntropy:
      anti_entropy_.OnTimer(tag);
      return;
    case Component::kClient:
      break;
  }
  SIM_UNREACHABLE("orchestrator timer for component {}", static_cast<int>(token.component));
}

void Orchestrator::OnCrash() {
  router_.Crash();
  for (auto& driver : drivers_) driver->Crash();
  anti_entropy_.Crash();
  if (world_.forensics != nullptr) {
    world_.forensics->AddAll(
        Step{.at = world_.sim.now(), .kind = StepKind::kTrackingCleared});
  }
  inflight_.Clear();
}

void Orchestrator::OnRestart() {
  for (std::uint32_t source = 0; source < rebalances_.size(); ++source) {
    Rebalance& r = rebalances_[source];
    if (r.start_due) {
      r.start_due = false;
      BeginParts(source);
      continue;
    }
    for (const std::uint32_t part : r.parts) drivers_[part]->Resume();
  }
  anti_entropy_.Schedule();
}

}  // namespace model
