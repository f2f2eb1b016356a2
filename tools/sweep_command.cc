#include <fmt/format.h>

#include "tools/commands.h"

namespace tools {

// Not built yet (issue 5): says so and refuses, never pretends.
int SweepCommand(const Args&) {
  fmt::print(stderr, "cutover-sim sweep: not available in this build\n");
  return kExitUsage;
}

}  // namespace tools
