#include "model/orchestrator.h"

#include <algorithm>

#include "model/token.h"
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

void Orchestrator::AddDriver(std::uint32_t source, NodeIndex new_node) {
  SIM_ASSERT(source == drivers_.size(), "drivers added out of order: {}", source);
  drivers_.push_back(
      std::make_unique<Driver>(world_, coordinator_, router_, listener_, source, new_node));
  start_due_.push_back(false);
}

void Orchestrator::Boot() { anti_entropy_.Schedule(); }

void Orchestrator::StartMigration(std::uint32_t source) {
  if (!up()) {
    start_due_[source] = true;
    return;
  }
  drivers_[source]->Start();
}

void Orchestrator::Activate(const MigrationRecord& m) {
  for (std::uint32_t shard = 0; shard < m.shards.size(); ++shard) {
    if (m.shards[shard] != ShardState::kActive) continue;
    std::vector<NodeIndex>& owners = world_.routes.owners(shard, m.group);
    if (std::find(owners.begin(), owners.end(), m.new_node) != owners.end()) continue;
    auto old = std::find(owners.begin(), owners.end(), m.old_owners[shard]);
    if (old == owners.end()) old = owners.end() - 1;  // an earlier migration displaced it
    *old = m.new_node;
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
  inflight_.Clear();
}

void Orchestrator::OnRestart() {
  for (std::uint32_t source = 0; source < drivers_.size(); ++source) {
    if (drivers_[source]->started()) {
      drivers_[source]->Resume();
    } else if (start_due_[source]) {
      start_due_[source] = false;
      drivers_[source]->Start();
    }
  }
  anti_entropy_.Schedule();
}

}  // namespace model
