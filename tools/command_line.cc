#include "tools/command_line.h"

#include <charconv>
#include <iostream>

namespace tools {

namespace po = boost::program_options;

std::optional<std::uint64_t> ParseUnsigned(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

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
