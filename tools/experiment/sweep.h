// tools/experiment/sweep.h
//
// `cutover-sim sweep` on this machine: every point of the grid (grid.h) in
// this shard, run by worker threads and written to the results file
// (results_file.h) in grid order, whatever ran first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/experiment/grid.h"
#include "tools/experiment/progress.h"

namespace tools {

inline constexpr unsigned kSweepJobsMax = 256;

// The options of `cutover-sim sweep`, as parsed from the command line.
struct SweepOptions {
  std::vector<std::string> files;
  std::vector<std::string> sets;  // --set PATH=VALUE, applied before the matrix's
  std::optional<SeedRange> seeds;
  unsigned jobs = 1;
  Shard shard;
  std::string out;  // "" is stdout
  bool resume = false;
  std::string capsules;   // a directory: one capsule per run that misses ("": none)
  std::string junit;      // a JUnit XML file of every run ("": none)
  ProgressStyle progress = ProgressStyle::kNone;  // how stderr hears how far it is
};

// Runs the sweep; messages go to stderr, records to options.out. Returns
// the exit code: 0, 1 (a run missed its expect:), 2 (bad input or output).
int RunSweep(const SweepOptions& options);

}  // namespace tools
