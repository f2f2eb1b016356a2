// model/version.h
//
// The model's version. A seed means a run only under one model: the commit
// that changes trace hashes on purpose bumps this number (and says so), so
// a record, a reproduce line or a capsule from another model version is
// known as such instead of being taken for a regression.
#pragma once

#include <cstdint>

namespace model {

inline constexpr std::uint64_t kModelVersion = 1;

}  // namespace model
