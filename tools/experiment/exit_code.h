// tools/experiment/exit_code.h
//
// The exit codes of every cutover-sim command (README.md, "Exit codes").
#pragma once

namespace tools {

inline constexpr int kExitOk = 0;
inline constexpr int kExitMissed = 1;    // an expectation missed
inline constexpr int kExitUsage = 2;     // bad input or usage: one clear line
inline constexpr int kExitInternal = 3;  // an internal error of the simulator

}  // namespace tools
