#include "model/store.h"

#include "sim/check.h"

namespace model {

NodeStore::NodeStore(const Keyspace& keys, NodeApply apply)
    : keys_(keys), apply_(apply), shards_(keys.shards()) {}

bool NodeStore::Put(DocId doc, Version version) {
  SIM_ASSERT(version.write != 0, "put of doc {} without a write id", doc);
  const Place place = keys_.Locate(doc);
  Shard& shard = shards_[place.shard];
  if (place.slot >= shard.versions.size()) {
    // Room for every document the shard has so far, not one more at a time.
    shard.versions.resize(keys_.touched(place.shard).size());
  }
  Version& current = shard.versions[place.slot];
  if (current.write != 0) {
    if (apply_ == NodeApply::kNewest && version.updated_at_ms < current.updated_at_ms) {
      return false;
    }
    current = version;
    return true;
  }
  current = version;
  const bool indexed = shard.order.Insert(doc);
  SIM_ASSERT(indexed, "doc {} indexed twice", doc);
  ++total_;
  return true;
}

bool NodeStore::Delete(DocId doc) {
  const Place place = keys_.Locate(doc);
  if (Get(place) == nullptr) return false;
  Shard& shard = shards_[place.shard];
  shard.versions[place.slot] = Version{};
  const bool unindexed = shard.order.Erase(doc);
  SIM_ASSERT(unindexed, "doc {} was not indexed", doc);
  --total_;
  return true;
}

std::uint32_t NodeStore::Page(std::uint32_t shard, std::uint64_t offset, std::uint32_t limit,
                              std::vector<DocCopy>& out) const {
  std::uint32_t appended = 0;
  if (limit == 0) return 0;
  shards_[shard].order.VisitFrom(offset, [&](DocId doc) {
    out.push_back({doc, *Get(doc)});
    return ++appended < limit;
  });
  return appended;
}

std::uint64_t NodeStore::DeleteShard(std::uint32_t shard) {
  Shard& deleted = shards_[shard];
  const std::uint64_t count = deleted.order.size();
  deleted.order.Clear();
  std::vector<Version>().swap(deleted.versions);  // the memory goes with the documents
  total_ -= count;
  return count;
}

}  // namespace model
