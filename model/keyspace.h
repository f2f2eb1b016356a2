// model/keyspace.h
//
// The documents a run can touch: ids 0..space-1, each with its key string
// ("doc-0000042", zero-padded so that string order is id order), its shard
// under the original's hash, and its position among its shard's documents
// in id order. Computed once per run; everything after works on integer ids.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace model {

using DocId = std::uint32_t;

class Keyspace {
 public:
  Keyspace(std::uint64_t space, std::uint32_t shards);  // REQUIRES: space, shards > 0

  std::string Key(DocId doc) const;
  std::uint32_t shard(DocId doc) const { return shard_[doc]; }
  std::uint32_t position(DocId doc) const { return position_[doc]; }  // within its shard
  // The shard's documents in id order.
  const std::vector<DocId>& members(std::uint32_t shard) const { return members_[shard]; }
  // XXH64 of the key's bytes alone (no 0xFF): the anti-entropy bucket hash.
  std::uint64_t bucket_hash(DocId doc) const { return bucket_hash_[doc]; }
  std::uint64_t size() const { return shard_.size(); }
  std::uint32_t shards() const { return static_cast<std::uint32_t>(members_.size()); }

 private:
  int width_;
  std::vector<std::uint32_t> shard_;
  std::vector<std::uint32_t> position_;
  std::vector<std::uint64_t> bucket_hash_;
  std::vector<std::vector<DocId>> members_;
};

}  // namespace model
