#include "model/router.h"

#include <bit>

#include "model/forensics.h"
#include "model/token.h"
#include "sim/check.h"

namespace model {

Router::Router(World& world, Coordinator& coordinator, ClientSink& client)
    : world_(world),
      coordinator_(coordinator),
      client_(client),
      group_mask_(world.routes.groups(), 0),
      quorum_(world.config.cluster.replication_factor / 2 + 1) {
  for (NodeIndex n = 0; n < world.node_group.size(); ++n) group_mask_[world.node_group[n]] |= Bit(n);
}

std::uint32_t Router::Acquire() {
  if (!free_.empty()) {
    const std::uint32_t slot = free_.back();
    free_.pop_back();
    return slot;
  }
  SIM_ASSERT(requests_.size() < (1u << 24), "router request slots exhausted");
  requests_.emplace_back();
  return static_cast<std::uint32_t>(requests_.size() - 1);
}

void Router::Submit(OpIndex first, std::uint32_t count) {
  const std::uint32_t slot = Acquire();
  Request& r = requests_[slot];
  r.first = first;
  r.count = count;
  r.sequence = sequence_next_++;
  r.active = true;
  r.parts.clear();
  ++active_;
  for (OpIndex op = first; op < first + count; ++op) {
    Operation& o = world_.history.ops[op];
    o.updated_at_ms = world_.StampMs();
    const std::uint32_t shard = o.shard;
    bool found = false;
    for (const Part& p : r.parts) found = found || p.shard == shard;
    if (!found) r.parts.push_back(Part{shard});
  }
  r.unresolved = static_cast<std::uint32_t>(r.parts.size());
  for (std::uint32_t i = 0; i < r.parts.size(); ++i) {
    Part& part = r.parts[i];
    const MigrationRecord* cutover = coordinator_.InCutover(part.shard);
    const CutoverWrites rule = cutover == nullptr
                                   ? CutoverWrites::kRouteOld
                                   : world_.config.migrations[cutover->source].cutover_writes;
    if (rule == CutoverWrites::kHold) {
      part.held = true;
      if (held_.size() <= cutover->id) held_.resize(cutover->id + 1);
      held_[cutover->id].push_back(Held{slot, r.sequence, i});
      ++world_.counters.held_writes;
    } else if (rule == CutoverWrites::kReject) {
      part.rejected = true;
      part.resolved = true;
      --r.unresolved;
      ++world_.counters.rejected_writes;
    } else {
      Send(slot, i);
    }
  }
  if (r.unresolved == 0) Finish(slot);
}

void Router::Send(std::uint32_t slot, std::uint32_t part_index) {
  Request& r = requests_[slot];
  Part& part = r.parts[part_index];
  for (std::uint32_t g = 0; g < world_.routes.groups(); ++g) {
    for (const NodeIndex n : world_.routes.owners(part.shard, g)) part.owners |= Bit(n);
  }
  part.targets = part.owners | coordinator_.DualWriteTargets(part.shard);
  part.tracked = coordinator_.Tracking(part.shard) != nullptr;
  if (part.tracked) {
    for (OpIndex op = r.first; op < r.first + r.count; ++op) {
      const Operation& o = world_.history.ops[op];
      if (o.shard == part.shard) coordinator_.inflight().Register(o.doc, part.shard, part.targets);
    }
  }
  if (world_.forensics != nullptr) {
    for (OpIndex op = r.first; op < r.first + r.count; ++op) {
      const Operation& o = world_.history.ops[op];
      if (o.shard != part.shard) continue;
      world_.forensics->Add(o.doc, Step{.at = world_.sim.now(), .kind = StepKind::kSent,
                                        .flag = part.tracked, .op = op, .nodes = part.targets,
                                        .owners = part.owners});
    }
  }
  const std::uint64_t token = Token{Component::kRouter, slot, r.sequence}.Pack();
  for (NodeMask rest = part.targets; rest != 0; rest &= rest - 1) {
    const auto n = static_cast<NodeIndex>(std::countr_zero(rest));
    world_.sim.Send(sim::Message{world_.orchestrator, world_.node_process[n], kWrite, 0,
                                 {token, r.first, r.count | (std::uint64_t{part.shard} << 32), 0}});
  }
  part.deadline = world_.sim.now() + world_.config.network.request_timeout;
  deadlines_.push_back(Deadline{part.deadline, world_.sim.ReserveTimer(), slot, r.sequence});
  ArmNextDeadline();
}

void Router::ArmNextDeadline() {
  if (armed_) return;
  while (!deadlines_.empty()) {
    const Deadline& next = deadlines_.front();
    const Request& r = requests_[next.slot];
    if (r.active && r.sequence == next.sequence) {
      const std::uint64_t token = Token{Component::kRouter, next.slot, next.sequence}.Pack();
      world_.sim.SetReservedTimer(world_.orchestrator, next.at, token, next.order);
      armed_ = true;
      return;
    }
    deadlines_.pop_front();  // answered already: its timer would do nothing
  }
}

void Router::Record(Request& r, Part& part, NodeIndex node, bool ok, bool timed_out) {
  const NodeMask bit = Bit(node);
  if ((part.targets & bit) == 0 || ((part.ok | part.error | part.timed_out) & bit) != 0) return;
  (ok ? part.ok : part.error) |= bit;
  if (world_.forensics != nullptr) {
    for (OpIndex op = r.first; op < r.first + r.count; ++op) {
      const Operation& o = world_.history.ops[op];
      if (o.shard != part.shard) continue;
      world_.forensics->Add(o.doc, Step{.at = world_.sim.now(), .kind = StepKind::kAnswer,
                                        .flag = ok, .timed_out = timed_out, .node = node,
                                        .op = op});
    }
  }
  if (!part.tracked) return;
  // The in-flight list hears each node's true outcome, an error reply as a failure.
  for (OpIndex op = r.first; op < r.first + r.count; ++op) {
    const Operation& o = world_.history.ops[op];
    if (o.shard != part.shard) continue;
    const DocId doc = o.doc;
    if (ok) {
      coordinator_.inflight().Ack(doc, node);
    } else {
      coordinator_.inflight().Fail(doc, node);
    }
  }
}

void Router::OnReply(const sim::Message& message) {
  const Token token = Token::Unpack(message.words[0]);
  if (token.index >= requests_.size()) return;
  Request& r = requests_[token.index];
  if (!r.active || r.sequence != token.sequence) return;  // late: already answered
  const NodeIndex node = world_.node_of_process[message.from];
  const auto shard = static_cast<std::uint32_t>(message.words[2]);
  for (Part& part : r.parts) {
    if (part.shard != shard || part.held || part.resolved) continue;
    Record(r, part, node, message.words[1] == 1);
    ResolveIfDone(token.index, part);
    return;
  }
}

void Router::OnTimeout(std::uint32_t slot, std::uint32_t sequence) {
  SIM_ASSERT(armed_ && !deadlines_.empty() && deadlines_.front().slot == slot &&
                 deadlines_.front().sequence == sequence,
             "a request timeout the router did not arm: slot {} sequence {}", slot, sequence);
  deadlines_.pop_front();
  armed_ = false;
  Expire(slot, sequence);
  ArmNextDeadline();
}

void Router::Expire(std::uint32_t slot, std::uint32_t sequence) {
  Request& r = requests_[slot];
  if (!r.active || r.sequence != sequence) return;
  for (Part& part : r.parts) {
    if (part.held || part.resolved || part.targets == 0 || part.deadline > world_.sim.now()) continue;
    const NodeMask silent = part.targets & ~(part.ok | part.error | part.timed_out);
    for (NodeMask rest = silent; rest != 0; rest &= rest - 1) {
      const auto n = static_cast<NodeIndex>(std::countr_zero(rest));
      // A timeout is a failure, for the in-flight list as for the quorum.
      Record(r, part, n, false, /*timed_out=*/true);
      part.error &= ~Bit(n);
      part.timed_out |= Bit(n);
    }
    if (!r.active) return;
    ResolveIfDone(slot, part);
    if (!r.active) return;
  }
}

void Router::ResolveIfDone(std::uint32_t slot, Part& part) {
  Request& r = requests_[slot];
  if (part.resolved || ((part.ok | part.error | part.timed_out) & part.targets) != part.targets) return;
  part.resolved = true;
  SIM_ASSERT(r.unresolved > 0, "request {} resolved twice", slot);
  if (--r.unresolved == 0) Finish(slot);
}

bool Router::PartAcked(const Part& part) const {
  if (part.rejected) return false;
  const NodeMask replied =
      part.ok | (world_.config.router.ack == AckRule::kAnyReply ? part.error : NodeMask{0});
  for (const NodeMask group : group_mask_) {
    if (static_cast<std::uint32_t>(std::popcount(replied & part.owners & group)) >= quorum_) {
      return true;
    }
  }
  return false;
}

void Router::Finish(std::uint32_t slot) {
  Request& r = requests_[slot];
  bool acked = false;
  for (const Part& part : r.parts) acked = acked || PartAcked(part);
  r.active = false;
  --active_;
  free_.push_back(slot);
  client_.OnAnswer(r.first, r.count, acked);
}

void Router::ReleaseHeld(std::uint32_t migration) {
  if (migration >= held_.size()) return;
  std::vector<Held> held = std::move(held_[migration]);
  held_[migration].clear();
  for (const Held& h : held) {
    Request& r = requests_[h.slot];
    if (!r.active || r.sequence != h.sequence) continue;
    r.parts[h.part].held = false;
    Send(h.slot, h.part);
  }
}

void Router::Crash() {
  for (std::uint32_t slot = 0; slot < requests_.size(); ++slot) {
    Request& r = requests_[slot];
    if (!r.active) continue;
    r.active = false;
    client_.OnUnanswered(r.first, r.count);
  }
  requests_.clear();
  free_.clear();
  held_.clear();
  active_ = 0;
  deadlines_.clear();  // the armed timer dies with this incarnation
  armed_ = false;
}

}  // namespace model
