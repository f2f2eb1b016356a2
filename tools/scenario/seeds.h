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

struct SeedRangeError {
  bool reversed = false;  // "A..B" with B < A
  std::string message;    // a sentence, quoting the text
};

// "N" is 1..N (N >= 1), "A..B" is A..B inclusive (A <= B).
sim::Result<SeedRange, SeedRangeError> ParseSeeds(std::string_view text);

}  // namespace tools
