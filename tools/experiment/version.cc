#include "tools/experiment/version.h"

#include <fmt/format.h>

#include "model/version.h"

#ifndef CUTOVER_COMMIT
#define CUTOVER_COMMIT "unknown"
#endif

namespace tools {

std::string BuildCommit() { return CUTOVER_COMMIT; }

std::string VersionLine() {
  return fmt::format("cutover-sim, model version {}, commit {}", model::kModelVersion,
                     BuildCommit());
}

std::string VersionMismatch(std::uint64_t version, std::string_view what) {
  if (version == model::kModelVersion) return "";
  return fmt::format(
      "note: {} is of model version {}; this cutover-sim is model version {}: the same seed "
      "may run differently, so a different trace hash is not a regression",
      what, version, model::kModelVersion);
}

}  // namespace tools
