#include "tools/experiment/grid.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/check.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/document.h"

namespace tools {
namespace {

std::vector<std::vector<std::string>> Pinned(const std::vector<std::string>& sets) {
  std::vector<std::vector<std::string>> pinned;
  for (const auto& [path, value] : OverridePairs(sets))
    pinned.push_back(CanonicalOverridePath(path));
  return pinned;
}
bool IsPinned(const std::vector<std::vector<std::string>>& pinned, const std::string& path) {
  return std::find(pinned.begin(), pinned.end(), CanonicalOverridePath(path)) != pinned.end();
}

// The matrix entries the user's --set did not pin.
std::vector<std::pair<std::string, std::vector<std::string>>> FreeMatrix(
    const SweepConfig& sweep, const std::vector<std::string>& sets) {
  const auto pinned = Pinned(sets);
  std::vector<std::pair<std::string, std::vector<std::string>>> free;
  for (const auto& entry : sweep.matrix) {
    if (!IsPinned(pinned, entry.first)) free.push_back(entry);
  }
  return free;
}

// The readings without the values the user's --set pinned; readings that
// become the same run once.
std::vector<std::vector<std::string>> FreeReadings(const SweepConfig& sweep,
                                                   const std::vector<std::string>& sets) {
  const auto pinned = Pinned(sets);
  std::vector<std::vector<std::string>> free;
  for (const std::vector<std::string>& reading : sweep.readings) {
    std::vector<std::string> kept;
    for (const std::string& set : reading) {
      if (!IsPinned(pinned, OverridePairs({set}).front().first)) kept.push_back(set);
    }
    if (std::find(free.begin(), free.end(), kept) == free.end()) free.push_back(std::move(kept));
  }
  return free;
}

// Combination k as --set strings: the reading varies slowest, then the
// matrix keys, the first slowest, as nested loops written in file order.
std::vector<std::string> CombinationSets(
    const std::vector<std::vector<std::string>>& readings,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& matrix, std::uint64_t k) {
  std::vector<std::string> sets(matrix.size());
  for (std::size_t j = matrix.size(); j-- > 0;) {
    const auto& [path, values] = matrix[j];
    sets[j] = path + "=" + values[k % values.size()];
    k /= values.size();
  }
  if (!readings.empty()) {
    SIM_ASSERT(k < readings.size(), "combination index beyond the readings (rest {})", k);
    sets.insert(sets.begin(), readings[k].begin(), readings[k].end());
    k = 0;
  }
  SIM_ASSERT(k == 0, "combination index beyond the matrix (rest {})", k);
  return sets;
}

SeedRange ScenarioSeeds(const Scenario& scenario) {
  if (scenario.sweep.present) return {scenario.sweep.seed_first, scenario.sweep.seed_last};
  return {scenario.model.seed, scenario.model.seed};
}

}  // namespace

sim::Result<Shard, std::string> ParseShard(std::string_view text) {
  const auto bad = [&] {
    return sim::Err(
        fmt::format("expected I/N with 0 <= I < N (I counts from 0), got {}", QuoteForError(text)));
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  const auto index = ParseUnsigned(text.substr(0, slash));
  const auto count = ParseUnsigned(text.substr(slash + 1));
  if (!index || !count || *count == 0 || *index >= *count) return bad();
  return Shard{*index, *count};
}

sim::Result<SweepGrid, std::string> SweepGrid::Build(const std::vector<Scenario>& bases,
                                                     const std::vector<std::string>& sets,
                                                     std::optional<SeedRange> seeds) {
  const auto too_big = [] {
    return sim::Err(fmt::format(
        "the grid has more than {} runs (scenario files x sweep.matrix combinations x seeds)",
        kSweepRunsMax));
  };
  SweepGrid grid;
  for (std::size_t s = 0; s < bases.size(); ++s) {
    const auto matrix = FreeMatrix(bases[s].sweep, sets);
    const auto readings = FreeReadings(bases[s].sweep, sets);
    std::uint64_t combinations = std::max<std::size_t>(readings.size(), 1);
    for (const auto& entry : matrix)
      combinations *= entry.second.size();  // loader: <= kSweepCombinationsMax
    const SeedRange range = seeds.value_or(ScenarioSeeds(bases[s]));
    SIM_ASSERT(range.first <= range.last, "seed range {}..{}", range.first, range.last);
    if (range.last - range.first >= kSweepRunsMax) return too_big();
    const std::uint64_t seed_count = range.last - range.first + 1;
    for (std::uint64_t k = 0; k < combinations; ++k) {
      if (grid.size_ + seed_count > kSweepRunsMax) return too_big();
      GridBlock block{s, k, range, grid.size_, sets};
      const std::vector<std::string> matrix_sets = CombinationSets(readings, matrix, k);
      block.sets.insert(block.sets.end(), matrix_sets.begin(), matrix_sets.end());
      grid.blocks_.push_back(std::move(block));
      grid.size_ += seed_count;
    }
  }
  return grid;
}

GridPoint SweepGrid::At(std::uint64_t index) const {
  SIM_ASSERT(index < size_, "grid index {} of {}", index, size_);
  const auto after =
      std::upper_bound(blocks_.begin(), blocks_.end(), index,
                       [](std::uint64_t i, const GridBlock& b) { return i < b.first_index; });
  SIM_ASSERT(after != blocks_.begin(), "grid index {} before the first block", index);
  const std::size_t block = static_cast<std::size_t>(after - blocks_.begin()) - 1;
  const GridBlock& b = blocks_[block];
  return GridPoint{index, block, b.seeds.first + (index - b.first_index)};
}

std::uint64_t SweepGrid::ShardSize(const Shard& shard) const {
  return size_ > shard.index ? (size_ - shard.index - 1) / shard.count + 1 : 0;
}

}  // namespace tools
