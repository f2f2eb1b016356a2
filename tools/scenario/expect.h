// tools/scenario/expect.h
//
// The `expect:` block: one table of the expectations a scenario can state,
// what each reads from a run, and how it is written. The loader reads the
// keys from it, the runner checks by it, the record reports a verdict per
// entry, and the schema test holds scenarios/schema.json to it.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/run.h"

namespace tools {

// An expected value: a number N in the file is {N, N}; {min: a} or {max: b}
// leaves the other bound open (0 and +infinity).
struct ExpectRange {
  double min = 0;
  double max = std::numeric_limits<double>::infinity();

  bool Contains(double value) const { return value >= min && value <= max; }
};

// What a key of the block holds.
enum class ExpectType : std::uint8_t {
  kOutcome,  // a run outcome's name
  kPhase,    // a phase's name, compared with phase_reached
  kCount,    // a number N or {min, max}
  kRate,     // the same within [0, 1]
  kBool,     // true or false
};

struct ExpectationInfo {
  std::string_view name;  // the key in `expect:`, and in the record's verdicts
  ExpectType type;
  // The run's value: the outcome's or phase's index (-1 for no phase), a
  // count, a rate, or 0/1.
  double (*actual)(const model::RunResult& result);
};

extern const std::array<ExpectationInfo, 14> kExpectations;

// One stated expectation: kExpectations[index], expecting a value in range
// (an outcome, phase or boolean is the range [v, v] of its index or 0/1).
struct Expectation {
  std::size_t index = 0;
  ExpectRange range;
};

// The block, in file order. Absent keys are not checked.
struct Expectations {
  std::vector<Expectation> checks;

  // The stated expectation named `name`, if any.
  const Expectation* Find(std::string_view name) const;
};

// The verdict on one expectation: what the run gave, and whether it holds.
struct Verdict {
  std::string name;
  std::string expected;  // "0", "in [0.015, 0.025]", "complete"
  std::string actual;    // "3", "failed (reason: ...)"
  bool held = false;
  std::string Miss() const;  // "lost: 3, expected 0"
};

std::vector<Verdict> CheckExpectations(const Expectations& expect, const model::RunResult& result);

// The misses among verdicts, one line each, in order.
std::vector<std::string> Misses(const std::vector<Verdict>& verdicts);

}  // namespace tools
