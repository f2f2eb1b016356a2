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
#include "tools/experiment/output_paths.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/seeds.h"

namespace tools {

// A whole number option. Boost reads "-3" into an unsigned type as 2^64 - 3;
// this one refuses it, and anything but digits, as a usage mistake.
struct Unsigned {
  std::uint64_t value = 0;
};
void validate(boost::any& out, const std::vector<std::string>& values, Unsigned*, int);
std::ostream& operator<<(std::ostream& out, const Unsigned& n);  // --help's defaults

// Parses args; with --help prints `options` on stdout and returns nullopt.
std::optional<boost::program_options::variables_map> ParseCommandLine(
    const Args& args, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional);

// --set PATH=VALUE (repeatable) and --max-events N, which run and sweep share.
// `scope` ends the --set help line, e.g. "in every run".
void AddOverrideOptions(boost::program_options::options_description& options,
                        std::string_view scope);
// The overrides in effect: the --set strings in order, then
// run.max_events=N for --max-events N (so records and reproduce lines carry it).
std::vector<std::string> OverrideSets(const boost::program_options::variables_map& vm);

// What a command that makes one run (run, explain) reads: --help, the
// scenario file (the one positional argument), --seed, and the overrides.
struct OneRunOptions {
  std::string file;
  std::vector<std::string> sets;
  std::optional<std::string> seed;
};
void AddOneRunOptions(boost::program_options::options_description& options);
const boost::program_options::positional_options_description& OneRunPositional();
// Also says on stderr when --model-version names another model version.
void ReadOneRunOptions(const boost::program_options::variables_map& vm, OneRunOptions& out);

// The scenario loaded with its --set, and the seed (--seed, else the
// scenario's); or nothing after one line on stderr (a usage error, exit 2).
struct ScenarioAtSeed {
  Scenario scenario;
  std::uint64_t seed = 0;
};
std::optional<ScenarioAtSeed> LoadScenarioAtSeed(std::string_view command, const std::string& file,
                                                 const std::vector<std::string>& sets,
                                                 const std::optional<std::string>& seed);

// The document of the run's key space whose key is `key`, if there is one.
std::optional<model::DocId> DocByKey(const model::ModelConfig& config, std::string_view key);

// Each expectation the run missed, then the command that reproduces it.
void PrintMisses(const Scenario& scenario, const ScenarioRun& run, std::FILE* to);

}  // namespace tools
