#include "model/keyspace.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "model/routing.h"
#include "sim/check.h"

namespace model {

Keyspace::Keyspace(std::uint64_t space, std::uint32_t shards, std::uint64_t documents_max,
                   std::shared_ptr<const KeyList> list)
    : space_(space), list_(std::move(list)), shards_(shards) {
  SIM_ASSERT(space > 0, "key space is empty");
  SIM_ASSERT(shards > 0, "shards={}", shards);
  SIM_ASSERT(!list_ || list_->by_id.size() == space, "{} keys for a space of {}",
             list_ ? list_->by_id.size() : 0, space);
  for (std::uint64_t last = space - 1; last >= 10; last /= 10) ++width_;
  if (Dense(space, documents_max)) dense_.resize(space, Place{kUntouched, 0});
}

std::string_view Keyspace::KeyOf(DocId doc, char (&buffer)[kKeyMax]) const {
  if (list_) return list_->by_id[doc];
  std::memcpy(buffer, "doc-", 4);
  const std::size_t size = 4 + static_cast<std::size_t>(width_);
  for (std::size_t i = size; i > 4; --i, doc /= 10) {
    buffer[i - 1] = static_cast<char>('0' + doc % 10);
  }
  return std::string_view(buffer, size);
}

std::string Keyspace::Key(DocId doc) const {
  char buffer[kKeyMax];
  return std::string(KeyOf(doc, buffer));
}

std::optional<DocId> Keyspace::Find(std::string_view key) const {
  if (list_) {
    const auto at = std::lower_bound(list_->by_id.begin(), list_->by_id.end(), key);
    if (at == list_->by_id.end() || *at != key) return std::nullopt;
    return static_cast<DocId>(at - list_->by_id.begin());
  }
  if (!key.starts_with("doc-") || key.size() != 4 + static_cast<std::size_t>(width_)) {
    return std::nullopt;
  }
  DocId doc = 0;
  for (const char c : key.substr(4)) {
    if (c < '0' || c > '9') return std::nullopt;
    doc = doc * 10 + static_cast<DocId>(c - '0');  // at most 20 digits of a 2^63 space
  }
  if (doc >= space_) return std::nullopt;
  return doc;
}

Place Keyspace::TouchSlow(DocId doc) const {
  SIM_ASSERT(doc < space_, "doc {} outside a key space of {}", doc, space_);
  if (dense_.empty()) {
    if (const auto found = sparse_.find(doc); found != sparse_.end()) return found->second;
  }
  char buffer[kKeyMax];
  const std::string_view key = KeyOf(doc, buffer);
  const std::uint32_t index = ShardForKey(key, shards());
  ShardDocs& shard = shards_[index];
  SIM_ASSERT(shard.docs.size() < UINT32_MAX, "more than 2^32 - 1 documents in one shard");
  const Place place{index, static_cast<std::uint32_t>(shard.docs.size())};
  shard.docs.push_back(doc);
  shard.bucket_hashes.push_back(XXH64(key.data(), key.size(), 0));
  ++touched_count_;
  if (!dense_.empty()) {
    dense_[doc] = place;
  } else {
    sparse_.emplace(doc, place);
  }
  return place;
}

std::vector<DocId> Keyspace::AllOf(const std::vector<std::uint32_t>& shards) const {
  std::vector<bool> wanted(this->shards(), false);
  for (const std::uint32_t shard : shards) wanted.at(shard) = true;
  std::vector<DocId> docs;
  char buffer[kKeyMax];
  for (DocId doc = 0; doc < space_; ++doc) {
    const std::string_view key = KeyOf(doc, buffer);
    if (wanted[ShardForKey(key, this->shards())]) docs.push_back(doc);
  }
  return docs;
}

}  // namespace model
