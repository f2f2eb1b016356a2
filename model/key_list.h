// model/key_list.h
//
// A run's documents named by a user's own keys (workload.keys.file) rather
// than generated ones. A document's id is its key's place in byte order, so
// that id order is key order, as the original pages in key order; its rank
// (what the preload and a zipf draw count in) is its line in the file, so
// the file's first keys are the preloaded and the hottest ones.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace model {

struct KeyList {
  std::vector<std::string> by_id;
  std::vector<std::uint64_t> id_by_rank;
  std::uint64_t bytes = 0;  // the keys' bytes, for the memory estimate
};

// REQUIRES: keys distinct.
KeyList MakeKeyList(std::vector<std::string> keys_in_rank_order);

}  // namespace model
