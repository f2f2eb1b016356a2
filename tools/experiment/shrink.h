// tools/experiment/shrink.h
//
// `cutover-sim shrink`: from a seed that misses an expectation to the
// smallest scenario that still misses it at that seed. The swarm's drawn
// faults become explicit ones (run --print-faults), then faults are removed
// (ddmin), then each remaining fault's window and magnitude are halved,
// then the workload (writes, preload, key space), each step kept only while
// the same expectation still misses. Every candidate goes through the
// loader as --set overrides, so nothing invalid is ever run. Deterministic
// within its run budget; the time budget is a safety net that says so.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/result.h"

namespace tools {

struct ShrinkOptions {
  std::uint64_t max_runs = 300;
  double max_seconds = 600;
};

struct Shrunk {
  std::string yaml;                // the minimal scenario, which loads as it is
  std::string expectation;         // the expectation that still misses ("lost")
  std::vector<std::string> sets;   // the overrides that made it, beyond the user's
  std::size_t faults_before = 0;   // explicit and drawn
  std::size_t faults_after = 0;
  std::uint64_t runs = 0;
  bool out_of_budget = false;      // stopped by max_runs or max_seconds
};

// `say` hears one line per step. Errors are one line: the scenario does not
// load, or its run at `seed` misses no expectation.
sim::Result<Shrunk, std::string> Shrink(const std::string& file, const std::vector<std::string>& sets,
                                        std::uint64_t seed, const ShrinkOptions& options,
                                        const std::function<void(const std::string&)>& say);

}  // namespace tools
