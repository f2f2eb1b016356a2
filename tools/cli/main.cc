// cutover-sim: the command line. Wiring only: dispatch to a command, turn
// exceptions into exit codes. Exit codes: 0 fine, 1 an expectation missed,
// 2 bad input or usage, 3 an internal error of the simulator.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "sim/check.h"
#include "tools/cli/commands.h"
#include "tools/experiment/version.h"

namespace {

constexpr const char* kUsage =
    "usage: cutover-sim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.yaml [--seed N] [--set PATH=VALUE]... [--max-events N] [--trace FILE.json] "
    "[--events FILE.jsonl] [--capsule FILE.json] [--print-faults] [--json]\n"
    "        run one scenario at one seed; summary, record, traces, expectations\n"
    "  explain SCENARIO.yaml [--seed N] [--set PATH=VALUE]... [--doc KEY] [--json]\n"
    "        why each lost document was lost: its last acknowledged write and its cause\n"
    "  diff SCENARIO.yaml [--seed N] [--set PATH=VALUE]... --a 'PATH=VALUE ...' --b '...'\n"
    "        one seed under two configurations: where the runs part, what each loses\n"
    "  shrink SCENARIO.yaml [--seed N] [--set PATH=VALUE]... [--out MIN.yaml] [--max-runs N]\n"
    "        a failing seed down to the faults and workload that matter\n"
    "  replay CAPSULE.json\n"
    "        run a capsule (run --capsule) again; says whether its trace hash is the same\n"
    "  check SCENARIO.yaml... [--load-only] [--junit FILE.xml]\n"
    "        load scenarios and check each one's expect: block\n"
    "  sweep SCENARIO.yaml... [--seeds N|A..B] [--jobs N] [--shard I/N] [--out FILE.jsonl] "
    "[--resume] [--capsules DIR] [--junit FILE.xml] [--set PATH=VALUE]... [--max-events N]\n"
    "        run the grid of scenarios x sweep.matrix x seeds, one JSON record per run\n"
    "  table RESULTS.jsonl... [--format md|csv|json|html] [--out FILE]\n"
    "        the loss-rate table of sweep records\n"
    "  smoke [--seed N] [--requests N]\n"
    "        run the kernel alone: echo nodes under faults\n"
    "\n"
    "Run `cutover-sim <command> --help` for a command's options; `cutover-sim --version` for\n"
    "the model version and commit.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--version") {
    fmt::print("{}\n", tools::VersionLine());
    return tools::kExitOk;
  }
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    fmt::print(args.empty() ? stderr : stdout, "{}", kUsage);
    return args.empty() ? tools::kExitUsage : tools::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "run") return tools::RunCommand(args);
    if (command == "explain") return tools::ExplainCommand(args);
    if (command == "check") return tools::CheckCommand(args);
    if (command == "sweep") return tools::SweepCommand(args);
    if (command == "table") return tools::TableCommand(args);
    if (command == "smoke") return tools::SmokeCommand(args);
    if (command == "replay") return tools::ReplayCommand(args);
    if (command == "diff") return tools::DiffCommand(args);
    if (command == "shrink") return tools::ShrinkCommand(args);
    fmt::print(stderr, "cutover-sim: unknown command \"{}\"\n{}", command, kUsage);
    return tools::kExitUsage;
  } catch (const boost::program_options::error& error) {
    fmt::print(stderr, "cutover-sim {}: {}\n", command, error.what());
    return tools::kExitUsage;
  } catch (const sim::InternalError& error) {
    fmt::print(stderr, "internal error: {}\n  command: cutover-sim {}\n", error.what(), command);
    return tools::kExitInternal;
  } catch (const std::exception& error) {
    fmt::print(stderr, "internal error: {}\n  command: cutover-sim {}\n", error.what(), command);
    return tools::kExitInternal;
  }
}
