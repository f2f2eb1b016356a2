#include "model/keyspace.h"

#include <fmt/format.h>
#include <xxhash.h>

#include "model/routing.h"
#include "sim/check.h"

namespace model {

Keyspace::Keyspace(std::uint64_t space, std::uint32_t shards)
    : width_(static_cast<int>(fmt::format("{}", space == 0 ? 0 : space - 1).size())),
      shard_(space),
      position_(space),
      bucket_hash_(space),
      members_(shards) {
  SIM_ASSERT(space > 0, "key space is empty");
  SIM_ASSERT(space <= UINT32_MAX, "space={}", space);
  SIM_ASSERT(shards > 0, "shards={}", shards);
  std::string key;
  for (std::uint64_t id = 0; id < space; ++id) {
    key = Key(static_cast<DocId>(id));
    const std::uint32_t s = ShardForKey(key, shards);
    shard_[id] = s;
    position_[id] = static_cast<std::uint32_t>(members_[s].size());
    members_[s].push_back(static_cast<DocId>(id));
    bucket_hash_[id] = XXH64(key.data(), key.size(), 0);
  }
}

std::string Keyspace::Key(DocId doc) const { return fmt::format("doc-{:0{}}", doc, width_); }

}  // namespace model
