// tools/scenario/load_error.h
//
// What every part of the scenario loader returns for bad input.
#pragma once

#include <string>

namespace tools {

// One line: `file:line:column: what is wrong` (1-based, at the offending
// node), or `--set PATH=VALUE: what is wrong` for a value placed by --set.
struct LoadError {
  std::string message;
};

}  // namespace tools
