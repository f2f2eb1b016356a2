// tools/experiment/grid.h
//
// The grid of a sweep: (scenario, sweep.matrix combination, seed), numbered
// in one fixed order (scenario files as given, then combinations, then
// seeds), so a shard, a resumed file and a run with any --jobs all agree on
// what point k is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/result.h"
#include "tools/scenario/scenario.h"
#include "tools/scenario/seeds.h"

namespace tools {

// Beyond this a sweep is a mistake, or several sweeps.
inline constexpr std::uint64_t kSweepRunsMax = 100'000'000;

// Shard `index` of `count` (0-based, as SLURM_ARRAY_TASK_ID from --array=0-.. and
// JOB_COMPLETION_INDEX): the grid points whose index % count == index. The
// shards 0..count-1 cover the grid exactly once, and each one gets every
// count-th seed of every combination, so they take about the same time.
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;

  bool Contains(std::uint64_t grid_index) const { return grid_index % count == index; }
};

// "I/N" with 0 <= I < N. The error is the sentence after "--shard: ".
sim::Result<Shard, std::string> ParseShard(std::string_view text);

// One scenario file at one matrix combination: a run of consecutive seeds.
struct GridBlock {
  std::size_t scenario = 0;       // index in the scenarios given to SweepGrid
  std::uint64_t combination = 0;  // index within that scenario's matrix
  SeedRange seeds;
  std::uint64_t first_index = 0;  // grid index of seeds.first
  std::vector<std::string> sets;  // the user's --set, then the combination's
};

struct GridPoint {
  std::uint64_t index = 0;  // in the whole grid
  std::size_t block = 0;    // in SweepGrid::blocks()
  std::uint64_t seed = 0;
};

class SweepGrid {
 public:
  // bases: each scenario file loaded with the user's `sets`. seeds, when
  // given, replaces every scenario's own (sweep.seeds, or else `seed:`). A
  // matrix path the user already --set is pinned: that dimension drops out.
  // The error is one line (the grid is larger than kSweepRunsMax).
  static sim::Result<SweepGrid, std::string> Build(const std::vector<Scenario>& bases,
                                                   const std::vector<std::string>& sets,
                                                   std::optional<SeedRange> seeds);

  std::uint64_t size() const { return size_; }
  const std::vector<GridBlock>& blocks() const { return blocks_; }

  // REQUIRES: index < size().
  GridPoint At(std::uint64_t index) const;

  // How many points of the grid `shard` holds, and its position-th one.
  std::uint64_t ShardSize(const Shard& shard) const;
  std::uint64_t ShardPoint(const Shard& shard, std::uint64_t position) const {
    return shard.index + position * shard.count;
  }

 private:
  std::vector<GridBlock> blocks_;  // in grid order
  std::uint64_t size_ = 0;
};

}  // namespace tools
