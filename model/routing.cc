#include "model/routing.h"

#define XXH_STATIC_LINKING_ONLY  // XXH64_state_t on the stack
#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "sim/check.h"

namespace model {
namespace {
constexpr unsigned char kStrTerminator = 0xFF;  // Rust's `impl Hash for str`
}

std::uint64_t KeyHash(std::string_view key) {
  // Most keys are short: one call over a copy with the terminator appended
  // costs a third of the streaming interface's three.
  char buffer[64];
  if (key.size() < sizeof buffer) {
    std::memcpy(buffer, key.data(), key.size());
    buffer[key.size()] = static_cast<char>(kStrTerminator);
    return XXH64(buffer, key.size() + 1, 0);
  }
  XXH64_state_t state;
  XXH64_reset(&state, 0);
  XXH64_update(&state, key.data(), key.size());
  XXH64_update(&state, &kStrTerminator, 1);
  return XXH64_digest(&state);
}

std::uint32_t ShardForKey(std::string_view key, std::uint32_t shards) {
  SIM_ASSERT(shards > 0, "shards={}", shards);
  return static_cast<std::uint32_t>(KeyHash(key) % shards);
}

std::uint64_t RendezvousScore(std::uint32_t shard, std::string_view node) {
  const unsigned char shard_le[4] = {
      static_cast<unsigned char>(shard), static_cast<unsigned char>(shard >> 8),
      static_cast<unsigned char>(shard >> 16), static_cast<unsigned char>(shard >> 24)};
  XXH64_state_t state;
  XXH64_reset(&state, 0);
  XXH64_update(&state, shard_le, sizeof shard_le);
  XXH64_update(&state, node.data(), node.size());
  XXH64_update(&state, &kStrTerminator, 1);
  return XXH64_digest(&state);
}

std::vector<std::uint32_t> OwnersInGroup(std::uint32_t shard, const std::vector<std::string>& nodes,
                                         std::uint32_t replication_factor) {
  std::vector<std::uint32_t> order(nodes.size());
  std::iota(order.begin(), order.end(), 0u);
  std::vector<std::uint64_t> scores(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) scores[i] = RendezvousScore(shard, nodes[i]);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (scores[a] != scores[b]) return scores[a] > scores[b];
    return nodes[a] < nodes[b];
  });
  order.resize(std::min<std::size_t>(order.size(), replication_factor));
  return order;
}

}  // namespace model
