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

}  // namespace tools
