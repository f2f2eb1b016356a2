#include "model/phase.h"

#include <array>

namespace model {
namespace {
constexpr std::array<const char*, kPhaseCount> kPhaseNames = {
    "computing_assignments", "dual_write_migrating", "cutover_begin",
    "cutover_draining",      "cutover_delta_pass",   "cutover_activate",
    "cutover_cleanup",       "complete",             "failed"};
}  // namespace

const char* PhaseName(Phase phase) { return kPhaseNames[static_cast<int>(phase)]; }

std::optional<Phase> ParsePhase(std::string_view name) {
  for (int i = 0; i < kPhaseCount; ++i) {
    if (name == kPhaseNames[i]) return static_cast<Phase>(i);
  }
  return std::nullopt;
}

std::string FormatTimePoint(const TimePointConfig& point) {
  if (!point.phase.has_value()) return sim::FormatDuration(point.offset);
  std::string out = std::string("phase:") + PhaseName(*point.phase);
  if (point.offset != 0) out += "+" + sim::FormatDuration(point.offset);
  return out;
}

}  // namespace model
