#include "model/store.h"

#include <utility>

#include "sim/check.h"

namespace model {

NodeStore::NodeStore(const Keyspace& keys, NodeApply apply)
    : keys_(keys), apply_(apply), shards_(keys.shards()) {
  if (keys.dense()) dense_.resize(keys.size());
}

Version* NodeStore::Find(DocId doc) {
  return const_cast<Version*>(std::as_const(*this).Get(doc));  // Get, writable
}

bool NodeStore::Put(DocId doc, Version version) {
  SIM_ASSERT(version.write != 0, "put of doc {} without a write id", doc);
  if (Version* current = Find(doc)) {
    if (apply_ == NodeApply::kNewest && version.updated_at_ms < current->updated_at_ms) {
      return false;
    }
    *current = version;
    return true;
  }
  if (!dense_.empty()) {
    dense_[doc] = version;
  } else {
    sparse_.emplace(doc, version);
  }
  const bool indexed = shards_[keys_.shard(doc)].Insert(doc);
  SIM_ASSERT(indexed, "doc {} indexed twice", doc);
  ++total_;
  return true;
}

void NodeStore::Forget(DocId doc) {
  if (!dense_.empty()) {
    dense_[doc] = Version{};
  } else {
    sparse_.erase(doc);
  }
}

bool NodeStore::Delete(DocId doc) {
  if (Find(doc) == nullptr) return false;
  Forget(doc);
  const bool unindexed = shards_[keys_.shard(doc)].Erase(doc);
  SIM_ASSERT(unindexed, "doc {} was not indexed", doc);
  --total_;
  return true;
}

std::uint32_t NodeStore::Page(std::uint32_t shard, std::uint64_t offset, std::uint32_t limit,
                              std::vector<DocCopy>& out) const {
  std::uint32_t appended = 0;
  if (limit == 0) return 0;
  shards_[shard].VisitFrom(offset, [&](DocId doc) {
    out.push_back({doc, *Get(doc)});
    return ++appended < limit;
  });
  return appended;
}

std::uint64_t NodeStore::DeleteShard(std::uint32_t shard) {
  const std::uint64_t deleted = shards_[shard].size();
  shards_[shard].VisitFrom(0, [&](DocId doc) {
    Forget(doc);
    return true;
  });
  shards_[shard].Clear();
  total_ -= deleted;
  return deleted;
}

}  // namespace model
