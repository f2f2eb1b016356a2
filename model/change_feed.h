// model/change_feed.h
//
// Change data capture as the nodes emit it (model/README.md, "Change data
// capture"). The node that applies a client write as the shard's primary
// (the first owner in group 0 under the routing in force) emits one event
// for it; a write applied with an internal origin (migration, antientropy)
// is suppressed by its tag wherever it lands. The feed keeps what was
// published, per client operation, so the checker (CheckCdc) can see an
// event missing, duplicated, or leaked from an internal write.
#pragma once

#include <cstdint>
#include <vector>

#include "model/history.h"
#include "model/messages.h"

namespace model {

class ChangeFeed {
 public:
  // A node applied `op` with `origin`: publish it, or suppress an internal write.
  void Emit(Origin origin, OpIndex op) {
    if (origin != Origin::kClient) {
      ++suppressed_;
      return;
    }
    Publish(origin, op);
  }
  // What reaches the feed's consumers. Tests publish here directly to inject
  // what a faulty emitter would.
  void Publish(Origin origin, OpIndex op) {
    ++published_;
    if (origin != Origin::kClient) {
      ++leaked_;
      return;
    }
    if (op >= events_.size()) events_.resize(op + 1, 0);
    if (events_[op] < UINT8_MAX) ++events_[op];
  }
  // Client events published for `op` (saturating at 255).
  std::uint8_t events(OpIndex op) const { return op < events_.size() ? events_[op] : 0; }
  std::uint64_t published() const { return published_; }
  std::uint64_t suppressed() const { return suppressed_; }
  std::uint64_t leaked() const { return leaked_; }  // internal writes that were published

 private:
  std::vector<std::uint8_t> events_;  // by client operation
  std::uint64_t published_ = 0;
  std::uint64_t suppressed_ = 0;
  std::uint64_t leaked_ = 0;
};

}  // namespace model
