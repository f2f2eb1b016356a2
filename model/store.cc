#include "model/store.h"

#include <bit>

#include "sim/check.h"

namespace model {

NodeStore::NodeStore(const Keyspace& keys, NodeApply apply)
    : keys_(keys),
      apply_(apply),
      docs_(keys.size()),
      fenwick_(keys.shards()),
      count_(keys.shards(), 0) {
  for (std::uint32_t s = 0; s < keys.shards(); ++s)
    fenwick_[s].assign(keys.members(s).size() + 1, 0);
}

bool NodeStore::Put(DocId doc, Version version) {
  SIM_ASSERT(version.write != 0, "put of doc {} without a write id", doc);
  Version& current = docs_[doc];
  if (current.write != 0) {
    if (apply_ == NodeApply::kNewest && version.updated_at_ms < current.updated_at_ms) return false;
    current = version;
    return true;
  }
  current = version;
  Adjust(keys_.shard(doc), keys_.position(doc), +1);
  return true;
}

bool NodeStore::Delete(DocId doc) {
  Version& current = docs_[doc];
  if (current.write == 0) return false;
  current = Version{};
  Adjust(keys_.shard(doc), keys_.position(doc), -1);
  return true;
}

void NodeStore::Adjust(std::uint32_t shard, std::uint32_t position, int delta) {
  std::vector<std::int32_t>& tree = fenwick_[shard];
  for (std::size_t i = position + 1; i < tree.size(); i += i & (~i + 1)) tree[i] += delta;
  count_[shard] += delta;
  total_ += delta;
  SIM_ASSERT(count_[shard] <= keys_.members(shard).size(), "shard {} count {}", shard,
             count_[shard]);
}

std::uint32_t NodeStore::Select(std::uint32_t shard, std::uint64_t k) const {
  const std::vector<std::int32_t>& tree = fenwick_[shard];
  std::size_t position = 0;
  for (std::size_t step = std::bit_floor(tree.size()); step > 0; step >>= 1) {
    if (position + step < tree.size() && static_cast<std::uint64_t>(tree[position + step]) < k) {
      position += step;
      k -= static_cast<std::uint64_t>(tree[position]);
    }
  }
  return static_cast<std::uint32_t>(position);  // 0-based position of the k-th
}

std::uint32_t NodeStore::Page(std::uint32_t shard, std::uint64_t offset, std::uint32_t limit,
                              std::vector<DocCopy>& out) const {
  if (offset >= count_[shard] || limit == 0) return 0;
  const std::vector<DocId>& members = keys_.members(shard);
  std::uint32_t appended = 0;
  for (std::size_t p = Select(shard, offset + 1); p < members.size() && appended < limit; ++p) {
    const DocId doc = members[p];
    if (docs_[doc].write == 0) continue;
    out.push_back({doc, docs_[doc]});
    ++appended;
  }
  return appended;
}

std::uint64_t NodeStore::DeleteShard(std::uint32_t shard) {
  const std::uint64_t deleted = count_[shard];
  for (const DocId doc : keys_.members(shard)) docs_[doc] = Version{};
  fenwick_[shard].assign(fenwick_[shard].size(), 0);
  total_ -= deleted;
  count_[shard] = 0;
  return deleted;
}

}  // namespace model
