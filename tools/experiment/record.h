// tools/experiment/record.h
//
// The short human summary `cutover-sim run` prints of a record (its format:
// record_format.h).
#pragma once

#include <cstdint>
#include <string>

#include "tools/experiment/record_format.h"

namespace tools {

std::string Summary(const Record& record);
std::string HexHash(std::uint64_t hash);

}  // namespace tools
