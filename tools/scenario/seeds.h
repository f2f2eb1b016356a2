// tools/scenario/seeds.h
//
// Seeds and seed ranges as users write them, in a scenario's `sweep.seeds`
// and on the command line (`--seed`, `--seeds`): one parser for both, so a
// range means the same wherever it is typed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/result.h"

namespace tools {

// A decimal number, all of the text, nothing else (no sign, no spaces):
// boost's own parsing would take "-1" as 2^64-1.
std::optional<std::uint64_t> ParseUnsigned(std::string_view text);

// Seeds first..last, inclusive. REQUIRES: first <= last.
struct SeedRange {
  std::uint64_t first = 1;
  std::uint64_t last = 1;
};

// The most seeds one range may name: no sweep runs more than 10^8 runs.
inline constexpr std::uint64_t kSeedsMax = 100'000'000;

struct SeedRangeError {
  bool well_formed = false;  // "A..B" with B < A, or more than kSeedsMax seeds
  std::string message;       // a sentence, quoting the text
};

// "N" is 1..N (1 <= N <= kSeedsMax), "A..B" is A..B inclusive (A <= B, at
// most kSeedsMax seeds).
sim::Result<SeedRange, SeedRangeError> ParseSeeds(std::string_view text);

}  // namespace tools
