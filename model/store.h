// model/store.h
//
// One node's documents. A document has a version: the orchestrator's
// `updated_at` stamp (milliseconds) and the id of the client operation that
// wrote it (issue order; 0 means absent). A put keeps the version with the
// highest updated_at, and on a tie the later arrival wins (model/README.md,
// "Nodes").
// Deletes are physical: nothing of the document remains.
//
// Layout: a dense array indexed by document id (O(1) put and get), plus,
// per shard, a Fenwick tree over the shard's documents in id order, so a
// page at an offset (the original's offset pagination) costs O(log n + page)
// rather than a scan of the node.
#pragma once

#include <cstdint>
#include <vector>

#include "model/config.h"
#include "model/keyspace.h"

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
  const Version* Get(DocId doc) const { return docs_[doc].write != 0 ? &docs_[doc] : nullptr; }

  // Appends up to `limit` documents of `shard`, skipping the first `offset`,
  // in id order. Returns how many it appended.
  std::uint32_t Page(std::uint32_t shard, std::uint64_t offset, std::uint32_t limit,
                     std::vector<DocCopy>& out) const;
  // Deletes every document of the shard; returns how many there were.
  std::uint64_t DeleteShard(std::uint32_t shard);

  std::uint64_t count(std::uint32_t shard) const { return count_[shard]; }
  std::uint64_t total() const { return total_; }

 private:
  void Adjust(std::uint32_t shard, std::uint32_t position, int delta);
  // The position of the k-th present document (1-based). REQUIRES: k <= count.
  std::uint32_t Select(std::uint32_t shard, std::uint64_t k) const;

  const Keyspace& keys_;
  NodeApply apply_;
  std::vector<Version> docs_;
  std::vector<std::vector<std::int32_t>> fenwick_;  // per shard, 1-based
  std::vector<std::uint64_t> count_;
  std::uint64_t total_ = 0;
};

}  // namespace model
