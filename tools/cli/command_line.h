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
#include <string_view>

#include "tools/cli/commands.h"
#include "tools/experiment/output_paths.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/seeds.h"

namespace tools {

// Parses args; with --help prints `options` on stdout and returns nullopt.
std::optional<boost::program_options::variables_map> ParseCommandLine(
    const Args& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional);

// Each expectation the run missed, then the command that reproduces it.
void PrintMisses(const Scenario& scenario, const ScenarioRun& run, std::FILE* to);

}  // namespace tools
