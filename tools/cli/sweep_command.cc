// `cutover-sim sweep`: the command line of the sweep engine
// (tools/experiment/sweep.h).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <thread>

#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/sweep.h"

namespace tools {

namespace po = boost::program_options;

namespace {

po::options_description SweepOptionsDescription(unsigned cpus) {
  po::options_description options(
      "cutover-sim sweep SCENARIO.yaml... [--seeds N|A..B] [--jobs N] [--shard I/N] [--out "
      "FILE.jsonl] "
      "[--resume] [--capsules DIR] [--junit FILE.xml] [--set PATH=VALUE]... [--max-events N]\n\n"
      "Runs the grid of every scenario x every sweep.matrix combination x every\n"
      "seed and writes one JSON result record per run, one line each, in grid\n"
      "order: scenario files as given, then matrix combinations (the first\n"
      "matrix key varies slowest), then seeds. Each record carries\n"
      "\"grid\": {\"index\", \"combination\"}. Seeds come from --seeds, else the\n"
      "scenario's sweep.seeds, else its own seed:. A --set of a matrix path pins\n"
      "that value: the dimension is not swept. When a run misses its expect:\n"
      "block, its reproduce command goes to stderr and the exit code is 1.\n\n"
      "options");
  options.add_options()("help,h", "this help")("scenario", po::value<std::vector<std::string>>(),
                                               "scenario files")(
      "seeds", po::value<std::string>(),
      "seeds for every scenario: N is 1..N, A..B is A to B inclusive")(
      "jobs", po::value<std::string>(),
      fmt::format("runs in parallel on this machine (default: {}, the CPUs)", cpus).c_str())(
      "shard", po::value<std::string>(),
      "run only shard I of N: the grid points whose index % N == I. I is 0-based "
      "(0 <= I < N), like SLURM_ARRAY_TASK_ID with --array=0-(N-1) and a Kubernetes "
      "JOB_COMPLETION_INDEX; shards 0..N-1 together cover the grid exactly once")(
      "out", po::value<std::string>(),
      "write the records to FILE.jsonl (default: stdout); without --resume it starts empty")(
      "resume",
      "keep the records already in --out (a torn last line is dropped) and run only the grid "
      "points not there; a point is its scenario's name, its params and its seed")(
      "capsules", po::value<std::string>(),
      "write a capsule (see run --capsule) for each run that misses its expect:, into DIR")(
      "junit", po::value<std::string>(),
      "also write every run as JUnit XML (a suite per scenario, a failure per miss)");
  AddOverrideOptions(options, "in every run");
  return options;
}

}  // namespace

int SweepCommand(const Args& args) {
  const unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  const po::options_description options = SweepOptionsDescription(cpus);
  po::positional_options_description positional;
  positional.add("scenario", -1);
  const auto parsed = ParseCommandLine(args, options, positional);
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  const auto usage = [](std::string_view what) {
    fmt::print(stderr, "cutover-sim sweep: {}\n", what);
    return kExitUsage;
  };
  if (!vm.count("scenario")) return usage("at least one scenario file is required (see --help)");
  SweepOptions sweep;
  sweep.files = vm["scenario"].as<std::vector<std::string>>();
  for (std::size_t i = 0; i < sweep.files.size(); ++i) {
    if (std::find(sweep.files.begin(), sweep.files.begin() + static_cast<std::ptrdiff_t>(i),
                  sweep.files[i]) != sweep.files.begin() + static_cast<std::ptrdiff_t>(i)) {
      return usage(fmt::format("{} is given twice", sweep.files[i]));
    }
  }
  sweep.sets = OverrideSets(vm);
  if (vm.count("seeds")) {
    const auto seeds = ParseSeeds(vm["seeds"].as<std::string>());
    if (!seeds.has_value()) return usage("--seeds: " + seeds.error().message);
    sweep.seeds = seeds.value();
  }
  if (vm.count("shard")) {
    const auto shard = ParseShard(vm["shard"].as<std::string>());
    if (!shard.has_value()) return usage("--shard: " + shard.error());
    sweep.shard = shard.value();
  }
  sweep.jobs = cpus;
  if (vm.count("jobs")) {
    const std::string& text = vm["jobs"].as<std::string>();
    const auto jobs = ParseUnsigned(text);
    if (!jobs || *jobs < 1 || *jobs > kSweepJobsMax) {
      return usage(
          fmt::format("--jobs: expected a number from 1 to {}, got \"{}\"", kSweepJobsMax, text));
    }
    sweep.jobs = static_cast<unsigned>(*jobs);
  }
  if (vm.count("out")) sweep.out = vm["out"].as<std::string>();
  if (vm.count("capsules")) sweep.capsules = vm["capsules"].as<std::string>();
  if (vm.count("junit")) sweep.junit = vm["junit"].as<std::string>();
  sweep.resume = vm.count("resume") > 0;
  if (sweep.resume && sweep.out.empty())
    return usage("--resume needs --out FILE.jsonl, the file it resumes");
  sweep.progress = isatty(STDERR_FILENO) != 0 ? ProgressStyle::kTerminal : ProgressStyle::kLines;
  return RunSweep(sweep);
}

}  // namespace tools
