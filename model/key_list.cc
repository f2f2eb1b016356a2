#include "model/key_list.h"

#include <algorithm>
#include <numeric>

#include "sim/check.h"

namespace model {

KeyList MakeKeyList(std::vector<std::string> keys_in_rank_order) {
  const std::size_t n = keys_in_rank_order.size();
  std::vector<std::uint64_t> rank_by_id(n);
  std::iota(rank_by_id.begin(), rank_by_id.end(), std::uint64_t{0});
  std::sort(rank_by_id.begin(), rank_by_id.end(), [&](std::uint64_t a, std::uint64_t b) {
    return keys_in_rank_order[a] < keys_in_rank_order[b];
  });
  KeyList list;
  list.by_id.reserve(n);
  list.id_by_rank.resize(n);
  for (std::uint64_t id = 0; id < n; ++id) {
    const std::uint64_t rank = rank_by_id[id];
    SIM_ASSERT(id == 0 || list.by_id.back() != keys_in_rank_order[rank], "duplicate key");
    list.bytes += keys_in_rank_order[rank].size();
    list.by_id.push_back(std::move(keys_in_rank_order[rank]));
    list.id_by_rank[rank] = id;
  }
  return list;
}

}  // namespace model
