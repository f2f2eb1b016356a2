// model/messages.h
//
// The model's message types and the payload store they point into. A
// message has four words; bulk data (a page of documents, bucket digests)
// sits in a payload slot that the asking side takes and names in its
// request, so the reply carries only the slot number.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/store.h"
#include "sim/check.h"

namespace model {

enum MessageType : std::uint32_t {
  kWrite = 1,       // [token, first op, count | shard << 32, 0] -> kWriteReply [token, ok, shard]
  kWriteReply,
  kPageRead,        // [token, shard, offset, limit | slot << 32] -> kPageData [token, slot, count]
  kGetDocs,         // [token, shard, slot (ids in), 0] -> kPageData [token, slot, count]
  kPageData,
  kCopyWrite,       // [token, slot, origin, shard] -> kCopyReply [token, ok, applied]
  kCopyReply,
  kDeleteShard,     // [token, shard] -> kDeleteReply [token, deleted]
  kDeleteReply,
  kFingerprint,     // [token, shard, buckets, slot] -> kFingerprintReply [token, root, count, slot]
  kFingerprintReply,
  kBucketList,      // [token, shard, mask slot, out slot] -> kPageData [token, out slot, count]
};

enum class Origin : std::uint8_t { kClient, kMigration, kAntiEntropy };
inline std::string_view OriginName(Origin origin) {
  switch (origin) {
    case Origin::kClient: return "client";
    case Origin::kMigration: return "migration";
    case Origin::kAntiEntropy: return "anti_entropy";
  }
  return "?";
}

// Slots of documents and of 64-bit digests. A slot is never reused within a
// run: a late duplicate of a request may still read or fill its slot, and
// must not touch another request's data. (Runs are bounded; so is this.)
class Payloads {
 public:
  std::uint32_t AcquireDocs() { return Acquire(docs_); }
  std::uint32_t AcquireDigests() { return Acquire(digests_); }
  std::vector<DocCopy>& docs(std::uint32_t slot) { return docs_.at(slot); }
  std::vector<std::uint64_t>& digests(std::uint32_t slot) { return digests_.at(slot); }

 private:
  template <typename T>
  static std::uint32_t Acquire(std::vector<std::vector<T>>& pool) {
    SIM_ASSERT(pool.size() < 10'000'000, "payload slots exhausted");
    pool.emplace_back();
    return static_cast<std::uint32_t>(pool.size() - 1);
  }

  std::vector<std::vector<DocCopy>> docs_;
  std::vector<std::vector<std::uint64_t>> digests_;
};

}  // namespace model
