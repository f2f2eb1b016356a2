#include "tools/cli/command_line.h"

#include <fmt/format.h>

#include <iostream>

namespace tools {

namespace po = boost::program_options;

std::optional<po::variables_map> ParseCommandLine(
    const Args& args, const po::options_description& options,
    const po::positional_options_description& positional) {
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options;
    return std::nullopt;
  }
  return vm;
}

void PrintMisses(const Scenario& scenario, const ScenarioRun& run, std::FILE* to) {
  for (const std::string& miss : run.misses) fmt::print(to, "  expectation missed: {}\n", miss);
  fmt::print(to, "  reproduce: {}\n",
             ReproduceCommand(scenario.file, run.config.seed, scenario.overrides));
}

}  // namespace tools
