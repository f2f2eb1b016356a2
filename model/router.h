// model/router.h
//
// The orchestrator's write path (model/README.md, "Topology and routing"):
// stamp updated_at, fan each shard's part of a request out to every owner in
// every group (and to the new node while dual-write is active for the
// shard), register tracked writes with the coordinator's in-flight list,
// record each node's true outcome there, apply per-group quorum and answer
// the client. The original's quirks are the defaults: any reply counts
// toward quorum (router.ack: any_reply), and a batch is acknowledged when
// any one of its shards reached quorum in some group. Writes to a shard in
// cutover are held until activation, rejected, or sent to the old owners
// (cutover_writes).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "model/coordinator.h"
#include "model/world.h"

namespace model {

// How the client hears back. The client library sits with the orchestrator,
// so answers are calls, not messages.
class ClientSink {
 public:
  virtual ~ClientSink() = default;
  // Once per request, when every part is resolved; acked by the batch rule above.
  virtual void OnAnswer(OpIndex first, std::uint32_t count, bool acked) = 0;
  // Once per request still unanswered when the orchestrator crashes.
  virtual void OnUnanswered(OpIndex first, std::uint32_t count) = 0;
};

class Router {
 public:
  // The quorum is replication_factor / 2 + 1 in each group. REQUIRES:
  // world.node_group lists every node (group masks are built here, once).
  Router(World& world, Coordinator& coordinator, ClientSink& client);

  // A client request for the operations [first, first + count): stamps their
  // updated_at now, then holds, rejects or sends each shard's part.
  // REQUIRES: first + count <= history.ops.size(). Answered at most once.
  void Submit(OpIndex first, std::uint32_t count);
  // A node's kWriteReply. A late reply, or a second outcome from one node, is
  // ignored. REQUIRES: message.from is a node.
  void OnReply(const sim::Message& message);
  // The request timeout of a sent part came: each sent part of the request
  // past its deadline records its silent targets as failed, for the quorum
  // and the in-flight list alike; a stale sequence does nothing. Then the
  // next deadline still wanted is armed.
  // REQUIRES: the timer the router armed (timers die with a crash).
  void OnTimeout(std::uint32_t slot, std::uint32_t sequence);
  // Sends every part held for the migration, under the routing now in force
  // (call at activation or failure). A second call finds nothing to send.
  void ReleaseHeld(std::uint32_t migration);
  // The orchestrator crashed: forgets every request and held part; each
  // active request gets OnUnanswered instead of an answer.
  void Crash();

  // Requests not yet answered, held ones included.
  std::uint32_t active_requests() const { return active_; }

 private:
  struct Part {
    std::uint32_t shard = 0;
    NodeMask targets = 0;  // sent to
    NodeMask owners = 0;   // the quorum counts these
    NodeMask ok = 0;
    NodeMask error = 0;      // error replies
    NodeMask timed_out = 0;  // no answer within request_timeout
    Time deadline = 0;
    bool tracked = false;
    bool held = false;
    bool resolved = false;
    bool rejected = false;
  };
  struct Request {
    OpIndex first = 0;
    std::uint32_t count = 0;
    std::uint32_t sequence = 0;
    std::uint32_t unresolved = 0;
    bool active = false;
    std::vector<Part> parts;
  };

  // Request timeouts. The timeout is one constant, so deadlines come in the
  // order parts are sent: one timer at a time, over a FIFO of them, and a
  // request answered before its deadline costs no event. Each deadline keeps
  // the place among the events of its instant that a timer set at the send
  // would have had (Simulation::ReserveTimer), so a reply arriving at the
  // very instant of its part's deadline still comes after it: the timeout
  // wins the tie, as when every send set its own timer.
  struct Deadline {
    Time at;
    std::uint64_t order;
    std::uint32_t slot;
    std::uint32_t sequence;
  };
  void ArmNextDeadline();
  void Expire(std::uint32_t slot, std::uint32_t sequence);

  void Send(std::uint32_t slot, std::uint32_t part_index);
  void Record(Request& request, Part& part, NodeIndex node, bool ok, bool timed_out = false);
  void ResolveIfDone(std::uint32_t slot, Part& part);
  bool PartAcked(const Part& part) const;
  void Finish(std::uint32_t slot);
  std::uint32_t Acquire();

  World& world_;
  Coordinator& coordinator_;
  ClientSink& client_;
  std::vector<Request> requests_;
  std::vector<std::uint32_t> free_;
  struct Held {
    std::uint32_t slot;
    std::uint32_t sequence;
    std::uint32_t part;
  };
  std::vector<std::vector<Held>> held_;  // per migration id
  std::vector<NodeMask> group_mask_;     // nodes of each group
  std::uint32_t quorum_;
  std::uint32_t active_ = 0;
  std::deque<Deadline> deadlines_;  // in send order, so in time order
  bool armed_ = false;              // a timer is set for deadlines_.front()
  std::uint32_t sequence_next_ = 1;
};

}  // namespace model
