#include "model/ordered_docs.h"

#include <algorithm>

namespace model {

std::size_t OrderedDocs::BlockOf(DocId doc) const {
  const auto at = std::lower_bound(blocks_.begin(), blocks_.end(), doc,
                                   [](const std::vector<DocId>& block, DocId d) {
                                     return block.back() < d;
                                   });
  return at == blocks_.end() ? blocks_.size() - 1 : static_cast<std::size_t>(at - blocks_.begin());
}

bool OrderedDocs::Insert(DocId doc) {
  if (blocks_.empty()) {
    blocks_.push_back({doc});
    size_ = 1;
    return true;
  }
  const std::size_t b = BlockOf(doc);
  std::vector<DocId>& block = blocks_[b];
  const auto at = std::lower_bound(block.begin(), block.end(), doc);
  if (at != block.end() && *at == doc) return false;
  block.insert(at, doc);
  ++size_;
  if (block.size() == 2 * kBlock) {  // split in halves
    std::vector<DocId> upper(block.begin() + kBlock, block.end());
    block.resize(kBlock);
    blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(b) + 1, std::move(upper));
  }
  return true;
}

bool OrderedDocs::Erase(DocId doc) {
  if (blocks_.empty()) return false;
  const std::size_t b = BlockOf(doc);
  std::vector<DocId>& block = blocks_[b];
  const auto at = std::lower_bound(block.begin(), block.end(), doc);
  if (at == block.end() || *at != doc) return false;
  block.erase(at);
  --size_;
  if (block.empty()) blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b));
  return true;
}

}  // namespace model
