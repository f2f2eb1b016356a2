#include "model/keyspace.h"

#include <fmt/format.h>
#include <xxhash.h>

#include "model/routing.h"
#include "sim/check.h"

namespace model {

Keyspace::Keyspace(std::uint64_t space, std::uint32_t shards, std::uint64_t documents_max)
    : space_(space),
      width_(static_cast<int>(fmt::format("{}", space == 0 ? 0 : space - 1).size())),
      touched_(shards) {
  SIM_ASSERT(space > 0, "key space is empty");
  SIM_ASSERT(shards > 0, "shards={}", shards);
  if (Dense(space, documents_max)) dense_.resize(space);
}

std::string Keyspace::Key(DocId doc) const { return fmt::format("doc-{:0{}}", doc, width_); }

Keyspace::Info Keyspace::Compute(DocId doc) const {
  SIM_ASSERT(doc < space_, "doc {} outside a key space of {}", doc, space_);
  char buffer[32];
  const auto end = fmt::format_to_n(buffer, sizeof buffer, "doc-{:0{}}", doc, width_);
  const std::string_view key(buffer, end.size);
  return Info{ShardForKey(key, shards()), 0, XXH64(key.data(), key.size(), 0)};
}

Keyspace::Info Keyspace::TouchSlow(DocId doc) const {
  Info* slot = nullptr;
  if (!dense_.empty()) {
    SIM_ASSERT(doc < dense_.size(), "doc {} outside a key space of {}", doc, space_);
    slot = &dense_[doc];
    if (slot->shard != kUntouched) return *slot;
  } else if (const auto found = sparse_.find(doc); found != sparse_.end()) {
    return found->second;
  }
  Info info = Compute(doc);
  SIM_ASSERT(touched_count_ < UINT32_MAX, "more than 2^32 - 1 documents touched");
  info.ordinal = static_cast<std::uint32_t>(touched_count_++);
  touched_[info.shard].push_back(doc);
  if (slot != nullptr) {
    *slot = info;
  } else {
    sparse_.emplace(doc, info);
  }
  return info;
}

std::vector<DocId> Keyspace::AllOf(const std::vector<std::uint32_t>& shards) const {
  std::vector<bool> wanted(this->shards(), false);
  for (const std::uint32_t shard : shards) wanted.at(shard) = true;
  std::vector<DocId> docs;
  for (DocId doc = 0; doc < space_; ++doc) {
    if (wanted[Compute(doc).shard]) docs.push_back(doc);
  }
  return docs;
}

}  // namespace model
