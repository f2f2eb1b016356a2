// model/history.h
//
// Every client operation and its outcome, as the client saw it: the checker's
// ground truth. An operation's write id is its index + 1, so write ids follow
// issue order. The orchestrator stamps updated_at when the request reaches
// it; the stamp travels with the request to every node (nodes read it here).
// Issue and answer times let the checker tell concurrent writes from
// ordered ones.
#pragma once

#include <cstdint>
#include <vector>

#include "model/keyspace.h"
#include "sim/time.h"

namespace model {

enum class OpKind : std::uint8_t { kPut, kDelete };
enum class Outcome : std::uint8_t { kPending, kAcked, kFailed, kUnknown };

struct Operation {
  DocId doc;
  std::uint32_t shard = 0;  // the document's, kept so the hot paths need no lookup
  OpKind kind;
  Outcome outcome = Outcome::kPending;
  std::uint8_t retries_left = 0;
  bool preload = false;
  std::int64_t updated_at_ms = 0;  // the orchestrator's stamp
  sim::Time issued_at = 0;
  sim::Time answered_at = sim::kTimeMax;  // kTimeMax: no answer (yet)
};

using OpIndex = std::uint64_t;
inline std::uint64_t WriteId(OpIndex op) { return op + 1; }

struct History {
  std::vector<Operation> ops;
};

}  // namespace model
