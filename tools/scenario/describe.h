// tools/scenario/describe.h
//
// A loaded scenario's configuration in words, as a table row shows it and a
// record carries it: "anti-entropy on, delta pass skipped, 3 nodes + new-3,
// 2 % write failures on new-3", then each override the words do not already
// state, as PATH=VALUE.
#pragma once

#include <string>

#include "tools/scenario/scenario.h"

namespace tools {

std::string DescribeConfiguration(const Scenario& scenario);

// Its faults alone, in the same words: "10 % write failures on new-1 shards
// 0-3, 1 % write failures on new-1"; the table's fault mix column.
std::string DescribeFaultMix(const Scenario& scenario);

}  // namespace tools
