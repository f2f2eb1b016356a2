// `cutover-sim smoke`: the kernel alone (tools/experiment/smoke.h).
#include <fmt/format.h>

#include <boost/program_options.hpp>

#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/smoke.h"

namespace tools {

int SmokeCommand(const Args& args) {
  namespace po = boost::program_options;
  constexpr std::uint64_t kRequestsMax = 100'000'000;
  po::options_description options("cutover-sim smoke [--seed N] [--requests N]\n\noptions");
  options.add_options()("help,h", "this help")("seed", po::value<std::string>(),
                                               "run seed (default 1)")(
      "requests", po::value<std::string>(), "client requests, one per millisecond (default 10000)");
  const auto parsed = ParseCommandLine(args, options, po::positional_options_description());
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  std::uint64_t seed = 1;
  std::uint64_t requests = 10'000;
  if (vm.count("seed")) {
    const auto value = ParseUnsigned(vm["seed"].as<std::string>());
    if (!value) {
      fmt::print(stderr, "cutover-sim smoke: --seed: expected a number from 0 to {}\n", UINT64_MAX);
      return kExitUsage;
    }
    seed = *value;
  }
  if (vm.count("requests")) {
    const auto value = ParseUnsigned(vm["requests"].as<std::string>());
    if (!value || *value == 0 || *value > kRequestsMax) {
      fmt::print(stderr, "cutover-sim smoke: --requests must be between 1 and {}\n", kRequestsMax);
      return kExitUsage;
    }
    requests = *value;
  }
  fmt::print("{}", DescribeSmoke(seed, RunSmoke(seed, requests)));
  return kExitOk;
}

}  // namespace tools
