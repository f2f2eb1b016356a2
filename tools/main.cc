// cutover-sim: the command line. Wiring only: parse, call, print, exit code.
// Exit codes: 0 fine, 1 an expectation missed, 2 bad input or usage, 3 an
// internal error of the simulator.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "sim/check.h"
#include "tools/smoke.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitInternal = 3;

constexpr const char* kUsage =
    "usage: cutover-sim <command> [options]\n"
    "\n"
    "commands:\n"
    "  smoke [--seed N] [--requests N]   run the kernel alone: echo nodes under faults\n"
    "\n"
    "Run `cutover-sim <command> --help` for a command's options.\n";

int Smoke(const std::vector<std::string>& args) {
  po::options_description options("cutover-sim smoke [options]");
  std::uint64_t seed = 1;
  std::uint64_t requests = 10'000;
  options.add_options()("help,h", "this help")(
      "seed", po::value<std::uint64_t>(&seed)->default_value(1), "run seed")(
      "requests", po::value<std::uint64_t>(&requests)->default_value(10'000),
      "client requests, one per millisecond");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (requests == 0 || requests > 100'000'000) {
    fmt::print(stderr, "cutover-sim smoke: --requests must be between 1 and 100000000\n");
    return kExitUsage;
  }
  const tools::SmokeResult result = tools::RunSmoke(seed, requests);
  fmt::print("{}", tools::DescribeSmoke(seed, result));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    fmt::print(args.empty() ? stderr : stdout, "{}", kUsage);
    return args.empty() ? kExitUsage : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "smoke") return Smoke(args);
    fmt::print(stderr, "cutover-sim: unknown command \"{}\"\n{}", command, kUsage);
    return kExitUsage;
  } catch (const po::error& error) {
    fmt::print(stderr, "cutover-sim {}: {}\n", command, error.what());
    return kExitUsage;
  } catch (const sim::InternalError& error) {
    fmt::print(stderr, "internal error: {}\n  command: cutover-sim {}\n", error.what(), command);
    return kExitInternal;
  } catch (const std::exception& error) {
    fmt::print(stderr, "internal error: {}\n  command: cutover-sim {}\n", error.what(), command);
    return kExitInternal;
  }
}
