// tools/cli/command_line.h
//
// The part every subcommand's argument parsing shares: parse, and answer
// --help. Usage mistakes throw boost::program_options::error, which main()
// turns into one line and exit code 2.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/cli/commands.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/seeds.h"

namespace tools {

// Parses args; with --help prints `options` on stdout and returns nullopt.
std::optional<boost::program_options::variables_map> ParseCommandLine(
    const Args& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional);

// A file the command writes, named by its flag.
struct OutputPath {
  std::string_view flag;  // "--trace"
  std::string path;
};
// Why the outputs cannot be written, as one sentence: one is also an input,
// or two name the same file. Paths are compared as the file they reach.
std::optional<std::string> OutputClash(const std::vector<std::string>& inputs,
                                       const std::vector<OutputPath>& outputs);

// Each expectation the run missed, then the command that reproduces it.
void PrintMisses(const Scenario& scenario, const ScenarioRun& run, std::FILE* to);

}  // namespace tools
