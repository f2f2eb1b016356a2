// model/ordered_docs.h
//
// The documents of one shard on one node, in id order, for the original's
// offset pagination: insert, erase and "skip the first k" in O(log n + B),
// memory 8 bytes a document. Sorted blocks of at most 2B ids (B = 512):
// small enough to insert into, few enough to walk.
#pragma once

#include <cstdint>
#include <vector>

#include "model/keyspace.h"

namespace model {

class OrderedDocs {
 public:
  // False if the document was already there.
  bool Insert(DocId doc);
  // False if the document was not there.
  bool Erase(DocId doc);
  void Clear() {
    blocks_.clear();
    size_ = 0;
  }
  std::uint64_t size() const { return size_; }

  // Calls visit(doc) for the documents from the offset-th (0-based) on, in
  // id order, while it returns true.
  template <typename Visit>
  void VisitFrom(std::uint64_t offset, Visit&& visit) const {
    std::size_t b = 0;
    while (b < blocks_.size() && offset >= blocks_[b].size()) offset -= blocks_[b++].size();
    for (std::size_t i = offset; b < blocks_.size(); ++b, i = 0) {
      for (; i < blocks_[b].size(); ++i) {
        if (!visit(blocks_[b][i])) return;
      }
    }
  }

 private:
  static constexpr std::size_t kBlock = 512;

  // The block that holds doc, or would: the first whose last id is >= doc
  // (the last block if none is). REQUIRES: !blocks_.empty().
  std::size_t BlockOf(DocId doc) const;

  std::vector<std::vector<DocId>> blocks_;
  std::uint64_t size_ = 0;
};

}  // namespace model
