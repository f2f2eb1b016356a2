// model/store.h
//
// One node's documents. A document has a version: the orchestrator's
// `updated_at` stamp (milliseconds) and the id of the client operation that
// wrote it (issue order; 0 means absent). A put keeps the version with the
// highest updated_at, and on a tie the later arrival wins (model/README.md,
// "Nodes").
// Deletes are physical: nothing of the document remains.
//
// Layout, sized by the documents of the shards the node holds (never the
// key space): per shard, the versions in an array by the document's slot
// (Keyspace::Locate), one memory access a lookup, allocated when the node
// first holds one of the shard's documents and freed when it deletes the
// shard; and the shard's documents in id order (OrderedDocs), so that a page
// at an offset (the original's offset pagination) costs O(log n + page)
// rather than a scan.
#pragma once

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
  const Version* Get(DocId doc) const { return Get(keys_.Locate(doc)); }
  const Version* Get(Place place) const {
    const std::vector<Version>& versions = shards_[place.shard].versions;
    if (place.slot >= versions.size()) return nullptr;
    return versions[place.slot].write != 0 ? &versions[place.slot] : nullptr;
  }

  // Appends up to `limit` documents of `shard`, skipping the first `offset`,
  // in id order. Returns how many it appended.
  std::uint32_t Page(std::uint32_t shard, std::uint64_t offset, std::uint32_t limit,
                     std::vector<DocCopy>& out) const;
  // Deletes every document of the shard; returns how many there were.
  std::uint64_t DeleteShard(std::uint32_t shard);

  // The shard's documents on this node, in id order.
  const OrderedDocs& documents(std::uint32_t shard) const { return shards_[shard].order; }
  std::uint64_t count(std::uint32_t shard) const { return shards_[shard].order.size(); }
  std::uint64_t total() const { return total_; }

 private:
  struct Shard {
    OrderedDocs order;
    std::vector<Version> versions;  // by slot; write 0: absent
  };

  const Keyspace& keys_;
  NodeApply apply_;
  std::vector<Shard> shards_;
  std::uint64_t total_ = 0;
};

}  // namespace model
