// model/phase.h
//
// The coordinator's phases (model/README.md, "The coordinator") and the
// moments a scenario names by them: `5s`, or `phase:cutover_draining+2ms`,
// the first time any migration enters that phase (README.md, "Scenario
// files").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace model {

using sim::Time;

// The coordinator's phases, in order. kFailed is terminal.
enum class Phase : std::uint8_t {
  kComputingAssignments,
  kDualWriteMigrating,
  kCutoverBegin,
  kCutoverDraining,
  kCutoverDeltaPass,
  kCutoverActivate,
  kCutoverCleanup,
  kComplete,
  kFailed,
};
inline constexpr int kPhaseCount = 9;
const char* PhaseName(Phase phase);  // "cutover_draining"
std::optional<Phase> ParsePhase(std::string_view name);

// A moment: `offset` after t=0, or after the first time any migration enters `phase`.
struct TimePointConfig {
  std::optional<Phase> phase;
  Time offset = 0;
};

// As a scenario writes it: "5s", "phase:cutover_draining", "phase:complete+6h".
std::string FormatTimePoint(const TimePointConfig& point);

}  // namespace model
