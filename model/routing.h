// model/routing.h
//
// The original's placement, bit for bit. Rust's Hash feeds a str as its UTF-8
// bytes followed by one 0xFF byte and a u32 as 4 little-endian bytes; the
// hasher is XXH64 with seed 0. So
//   shard_for_key(k) = XXH64(k ++ 0xFF, 0) % S
//   score(shard, node) = XXH64(u32_le(shard) ++ node ++ 0xFF, 0)
// and within a replica group a shard is owned by the top-RF nodes by score,
// highest first, ties broken by node name ascending (router.rs `score`,
// `assign_shard_in_group`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace model {

std::uint64_t KeyHash(std::string_view key);
std::uint32_t ShardForKey(std::string_view key, std::uint32_t shards);  // REQUIRES: shards > 0
std::uint64_t RendezvousScore(std::uint32_t shard, std::string_view node);

// Indices into `nodes` of the shard's owners, best first; min(rf, size) of them.
std::vector<std::uint32_t> OwnersInGroup(std::uint32_t shard, const std::vector<std::string>& nodes,
                                         std::uint32_t replication_factor);

}  // namespace model
