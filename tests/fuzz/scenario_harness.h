// tests/fuzz/scenario_harness.h
//
// What fuzzing checks of one scenario file: it loads, or the loader refuses
// it with one clean line naming the file (the CLI's exit 2); what loads runs
// to an end under a small event budget without an exception (the CLI's exit
// 3) and, run twice, gives the same trace hash. Memory errors and undefined
// behaviour are the sanitizers' to report. Shared by the libFuzzer target
// (tools/fuzz) and the deterministic mutation pass CI runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fuzz {

// Each run's event budget: enough to reach a cutover in the small example
// scenarios, small enough that a thousand runs take seconds.
inline constexpr std::uint64_t kEventBudget = 20'000;
// A scenario whose estimated memory (model::EstimatedRunBytes) is larger is
// loaded but not run: setting up its stores would cost more than a fuzz case.
inline constexpr double kRunBytesMax = 64.0 * (1 << 20);

enum class CaseResult : std::uint8_t { kRefused, kTooBig, kRan };

struct CaseReport {
  CaseResult result = CaseResult::kRefused;
  std::optional<std::string> problem;  // what must never happen, if it did
  std::string outcome;                 // the run's outcome when it ran
};

// Loads `text` as the scenario file `label` and runs it if it loads.
// `twice`: run it a second time and compare trace hashes.
CaseReport CheckScenario(std::string_view text, const std::string& label, bool twice);

// Why `message` is not one clean error line about the file `label`
// ("label:line:column: what is wrong", or "label: what is wrong"): empty, a
// line break or control byte, invalid UTF-8, or another file named.
std::optional<std::string> ErrorLineProblem(std::string_view message, std::string_view label);

}  // namespace fuzz
