// tools/command_line.h
//
// The part every subcommand's argument parsing shares: parse, and answer
// --help. Usage mistakes throw boost::program_options::error, which main()
// turns into one line and exit code 2.
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "tools/commands.h"

namespace tools {

// A decimal number, all of the text, nothing else (no sign, no spaces):
// boost's own parsing would take "-1" as 2^64-1.
std::optional<std::uint64_t> ParseUnsigned(std::string_view text);

// Parses args; with --help prints `options` on stdout and returns nullopt.
std::optional<boost::program_options::variables_map> ParseCommandLine(
    const Args& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional);

}  // namespace tools
