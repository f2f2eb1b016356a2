// tools/sweep.h
//
// `cutover-sim sweep`: the grid of (scenario, sweep.matrix combination, seed)
// and the results file it fills. The grid is numbered in one fixed order
// (scenario files as given, then combinations, then seeds), so a shard, a
// resumed file and a run with any --jobs all agree on what point k is, and
// the records come out in that order whatever ran first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/run.h"
#include "sim/result.h"
#include "tools/record.h"
#include "tools/scenario.h"

namespace tools {

// Bounds: beyond these a sweep is a mistake, or several sweeps.
inline constexpr std::uint64_t kSweepRunsMax = 100'000'000;
inline constexpr unsigned kSweepJobsMax = 256;

// Seeds first..last, inclusive. REQUIRES: first <= last.
struct SeedRange {
  std::uint64_t first = 1;
  std::uint64_t last = 1;
};

// "N" is 1..N (N >= 1), "A..B" is A..B inclusive (A <= B). The error is the
// sentence after "--seeds: ".
sim::Result<SeedRange, std::string> ParseSeeds(std::string_view text);

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

// What identifies a run across sweeps (the resume key): scenario file as
// given, the overrides in force as the record's `params` show them, seed.
// RunKey(file, sets, seed) == RunKeyPrefix(file, sets) + std::to_string(seed).
std::string RunKey(const std::string& file, const std::vector<std::string>& sets,
                   std::uint64_t seed);
std::string RunKeyPrefix(const std::string& file, const std::vector<std::string>& sets);

// One line of the results file: the record of SPEC.md plus
// "grid": {"index", "combination"}, which sorts lines back into grid order.
std::string SweepRecordLine(const model::RunResult& result, const RecordContext& context,
                            std::uint64_t grid_index, std::uint64_t combination);

// The records already in a results file, by RunKey, with the fields that
// `expect:` checks filled in, so a resumed sweep reports earlier misses too.
using DoneRuns = std::unordered_map<std::string, model::RunResult>;

// For --resume: reads `path` (a missing file is an empty one) and first cuts
// a torn last line (no '\n', left by an interrupted sweep) off the file.
// Errors are one line: "FILE:LINE: not a sweep record: ...".
sim::Result<DoneRuns, std::string> ReadDoneRuns(const std::string& path);

// The results file (or stdout, for path ""): each line goes out in one
// write(2) on an O_APPEND descriptor and the file is fsync'ed about once a
// second, so an interrupted sweep leaves whole records plus at most one torn
// last line, which ReadDoneRuns cuts.
class ResultsWriter {
 public:
  // append: keep what the file holds (--resume); otherwise start it empty.
  ResultsWriter(const std::string& path, bool append);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }  // one line, when !ok()

  // REQUIRES: line ends in '\n'. False (with error()) once writing failed.
  bool Append(std::string_view line);
  bool Sync();  // fsync now (a no-op for stdout)

 private:
  std::string label_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::int64_t last_sync_ms_ = 0;
  std::string error_;
};

// The options of `cutover-sim sweep`, as parsed from the command line.
struct SweepOptions {
  std::vector<std::string> files;
  std::vector<std::string> sets;  // --set PATH=VALUE, applied before the matrix's
  std::optional<SeedRange> seeds;
  unsigned jobs = 1;
  Shard shard;
  std::string out;  // "" is stdout
  bool resume = false;
  bool progress = false;  // draw a progress bar on stderr
};

// Runs the sweep; messages go to stderr, records to options.out. Returns
// the exit code: 0, 1 (a run missed its expect:), 2 (bad input or output).
int RunSweep(const SweepOptions& options);

}  // namespace tools
