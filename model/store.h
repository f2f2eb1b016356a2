// model/store.h
//
// One node's documents. A document has a version: the orchestrator's
// `updated_at` stamp (milliseconds) and the id of the client operation that
// wrote it (issue order; 0 means absent). A put keeps the version with the
// highest updated_at, and on a tie the later arrival wins (model/README.md,
// "Nodes").
// Deletes are physical: nothing of the document remains.
//
// Layout, sized by the run's documents (never a large key space): a flat
// hash map from document to version, or, when the key space is dense
// (Keyspace::dense(): at most 4 ids per document the run can touch), an
// array by id, one memory access a lookup; plus, per shard, the shard's
// documents in id order (OrderedDocs), so that a page at an offset (the
// original's offset pagination) costs O(log n + page) rather than a scan.
#pragma once

#include <tsl/robin_map.h>

#include <cstdint>
#include <vector>

#include "model/config.h"
#include "model/keyspace.h"
#include "model/ordered_docs.h"

namespace model {

struct Version {
  std::int64_t updated_at_ms = 0;
  std::uint64_t write = 0;  // client operation id, issue order; 0: absent
};

struct DocCopy {
  DocId doc;
  Version version;
};

class NodeStore {
 public:
  NodeStore(const Keyspace& keys, NodeApply apply);

  // Last-writer-wins by updated_at, ties to this arrival. True if applied.
  bool Put(DocId doc, Version version);
  // True if the document was present.
  bool Delete(DocId doc);
  // Valid until the next Put, Delete or DeleteShard.
  const Version* Get(DocId doc) const {
    if (!dense_.empty()) return dense_[doc].write != 0 ? &dense_[doc] : nullptr;
    const auto found = sparse_.find(doc);
    return found != sparse_.end() ? &found->second : nullptr;
  }

  // Appends up to `limit` documents of `shard`, skipping the first `offset`,
  // in id order. Returns how many it appended.
  std::uint32_t Page(std::uint32_t shard, std::uint64_t offset, std::uint32_t limit,
                     std::vector<DocCopy>& out) const;
  // Deletes every document of the shard; returns how many there were.
  std::uint64_t DeleteShard(std::uint32_t shard);

  // The shard's documents on this node, in id order.
  const OrderedDocs& documents(std::uint32_t shard) const { return shards_[shard]; }
  std::uint64_t count(std::uint32_t shard) const { return shards_[shard].size(); }
  std::uint64_t total() const { return total_; }

 private:
  // The stored version of doc, or nullptr; Insert makes an absent one.
  Version* Find(DocId doc);
  void Forget(DocId doc);

  const Keyspace& keys_;
  NodeApply apply_;
  std::vector<Version> dense_;             // by id, when keys_.dense()
  tsl::robin_map<DocId, Version, DocIdHash> sparse_;  // otherwise
  std::vector<OrderedDocs> shards_;
  std::uint64_t total_ = 0;
};

}  // namespace model
