#include "tools/command_line.h"

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

}  // namespace tools
