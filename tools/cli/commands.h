// tools/cli/commands.h
//
// The subcommands of cutover-sim, one function each: they take the
// arguments after the command's name and return the process exit code.
// main() only dispatches and turns exceptions into exit codes.
#pragma once

#include <string>
#include <vector>

#include "tools/experiment/exit_code.h"

namespace tools {

using Args = std::vector<std::string>;

int RunCommand(const Args& args);    // cutover-sim run SCENARIO.yaml [...]
int ExplainCommand(const Args& args);  // cutover-sim explain SCENARIO.yaml [...]
int CheckCommand(const Args& args);  // cutover-sim check SCENARIO.yaml...
int SweepCommand(const Args& args);  // cutover-sim sweep SCENARIO.yaml... [...]
int TableCommand(const Args& args);  // cutover-sim table RESULTS.jsonl... [...]
int ReplayCommand(const Args& args);  // cutover-sim replay CAPSULE.json
int ShrinkCommand(const Args& args);  // cutover-sim shrink SCENARIO.yaml --seed N [...]
int DiffCommand(const Args& args);    // cutover-sim diff SCENARIO.yaml --a ... --b ...
int SmokeCommand(const Args& args);  // cutover-sim smoke: the kernel alone

}  // namespace tools
