// model/keyspace.h
//
// The documents of a run. A document's id is its key's number: its key is
// "doc-" and the number zero-padded to the width of the key space
// ("doc-0000042"), so that string order is id order; or, with a key list
// (workload.keys.file), its place in the list's byte order. Its shard (the
// original's hash of the key) and its anti-entropy bucket hash are computed
// the first time the run asks, and kept: the cost follows the documents a
// run touches, never the size of the key space. A document's place is kept
// in a table with an entry per id when the key space is at most
// kDenseFactor times the documents the run can touch (so at most
// 8 * kDenseFactor bytes per document, and one memory access a lookup),
// else in a hash map.
#pragma once

#include <tsl/robin_map.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/key_list.h"

namespace model {

using DocId = std::uint64_t;

// The hash of a document id for open-addressing maps. Not the identity (the
// standard library's): ids come in runs (a preload is 0..n-1), and a run of
// filled buckets turns every insert that lands in it into a long shift.
struct DocIdHash {
  std::size_t operator()(DocId doc) const {
    doc = (doc ^ (doc >> 30)) * 0xbf58476d1ce4e5b9ULL;  // splitmix64's finalizer
    doc = (doc ^ (doc >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<std::size_t>(doc ^ (doc >> 31));
  }
};

// Where a touched document sits: its shard, and its place among the shard's
// touched documents (0, 1, 2, ... in the order the run touched them). Tables
// of a shard's documents (a node's versions, the witness's) are arrays by
// slot: they grow with the documents a shard has, not with the key space.
struct Place {
  std::uint32_t shard;
  std::uint32_t slot;
};

class Keyspace {
 public:
  static constexpr std::uint64_t kDenseFactor = 4;

  // `documents_max`: at most how many documents the run touches. With a
  // list, its keys are the documents and `space` is their number.
  // REQUIRES: space, shards > 0; a list holds `space` keys.
  Keyspace(std::uint64_t space, std::uint32_t shards, std::uint64_t documents_max = 0,
           std::shared_ptr<const KeyList> list = nullptr);
  static bool Dense(std::uint64_t space, std::uint64_t documents_max) {
    return space / kDenseFactor <= documents_max;
  }

  std::string Key(DocId doc) const;
  // The document whose key is `key`, if the key space has it.
  std::optional<DocId> Find(std::string_view key) const;
  // The document at `rank` of the preload and of a zipf draw: the id itself
  // for generated keys, the file's line for a key list.
  DocId ByRank(std::uint64_t rank) const { return list_ ? list_->id_by_rank[rank] : rank; }
  // The document's place, fixed on its first touch. REQUIRES: doc < size().
  Place Locate(DocId doc) const {
    if (doc < dense_.size() && dense_[doc].shard != kUntouched) return dense_[doc];
    return TouchSlow(doc);
  }
  std::uint32_t shard(DocId doc) const { return Locate(doc).shard; }
  // Whether the place table has a slot per id of the key space (Dense()).
  bool dense() const { return !dense_.empty(); }
  // XXH64 of the key's bytes alone (no 0xFF): the anti-entropy bucket hash.
  std::uint64_t bucket_hash(DocId doc) const {
    const Place place = Locate(doc);
    return shards_[place.shard].bucket_hashes[place.slot];
  }
  // The documents of the shard the run has touched, by slot.
  const std::vector<DocId>& touched(std::uint32_t shard) const { return shards_[shard].docs; }
  std::uint64_t touched_count() const { return touched_count_; }
  std::uint64_t size() const { return space_; }
  std::uint32_t shards() const { return static_cast<std::uint32_t>(shards_.size()); }

  // Every document of the key space in one of `shards`, in id order: a scan
  // of the whole key space, for workload.shards only.
  std::vector<DocId> AllOf(const std::vector<std::uint32_t>& shards) const;

 private:
  static constexpr std::uint32_t kUntouched = UINT32_MAX;
  struct ShardDocs {
    std::vector<DocId> docs;                   // by slot
    std::vector<std::uint64_t> bucket_hashes;  // by slot
  };
  Place TouchSlow(DocId doc) const;
  // The document's key: the list's, or "doc-" and doc zero-padded to width_
  // digits, made in `buffer`.
  static constexpr std::size_t kKeyMax = 4 + 20;
  std::string_view KeyOf(DocId doc, char (&buffer)[kKeyMax]) const;

  std::uint64_t space_;
  std::shared_ptr<const KeyList> list_;
  int width_ = 1;  // digits of the largest id
  // A cache: filling it changes nothing a caller can see but the cost.
  mutable std::vector<Place> dense_;  // by id, when Dense()
  mutable tsl::robin_map<DocId, Place, DocIdHash> sparse_;
  mutable std::vector<ShardDocs> shards_;
  mutable std::uint64_t touched_count_ = 0;
};

}  // namespace model
