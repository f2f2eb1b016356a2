// tools/experiment/version.h
//
// What a record, a reproduce line and a capsule say about the binary that
// made them: the model version (model/version.h) and the commit built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tools {

// The commit the binary was built from ("unknown" outside a git checkout).
std::string BuildCommit();
// "cutover-sim, model version 1, commit 29f5288c1a2b".
std::string VersionLine();
// A warning line when a reproduce line or a capsule of model version
// `version` is run by this binary of another version; empty when they agree.
std::string VersionMismatch(std::uint64_t version, std::string_view what);

}  // namespace tools
