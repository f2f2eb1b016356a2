// `cutover-sim shrink SCENARIO --seed N [--out MIN.yaml]`: a failing seed
// down to the faults and workload that matter (tools/experiment/shrink.h).
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <optional>
#include <string>

#include "model/version.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/output_file.h"
#include "tools/experiment/output_paths.h"
#include "tools/experiment/shrink.h"

namespace tools {

int ShrinkCommand(const Args& args) {
  namespace po = boost::program_options;
  po::options_description options(
      "cutover-sim shrink SCENARIO.yaml [--seed N] [--set PATH=VALUE]... [--out MIN.yaml]\n"
      "                   [--max-runs N] [--max-seconds S]\n\n"
      "From a seed whose run misses an expectation to the smallest scenario that\n"
      "still misses it at that seed: the swarm's drawn faults made explicit, then\n"
      "faults removed, then each one's window and magnitude halved, then the\n"
      "workload lowered. Each step on stderr; the scenario on stdout or --out.\n\n"
      "options");
  AddOneRunOptions(options);
  options.add_options()("out", po::value<std::string>(), "write the minimal scenario here")(
      "max-runs", po::value<Unsigned>()->default_value(Unsigned{300}), "stop after N runs")(
      "max-seconds", po::value<double>()->default_value(600), "stop after S seconds");
  const auto parsed = ParseCommandLine(args, options, OneRunPositional());
  if (!parsed) return kExitOk;
  OneRunOptions run;
  ReadOneRunOptions(*parsed, run);
  const auto loaded = LoadScenarioAtSeed("shrink", run.file, run.sets, run.seed);
  if (!loaded) return kExitUsage;
  ShrinkOptions bounds;
  bounds.max_runs = (*parsed)["max-runs"].as<Unsigned>().value;
  bounds.max_seconds = (*parsed)["max-seconds"].as<double>();
  if (bounds.max_runs == 0 || !(bounds.max_seconds > 0) || !std::isfinite(bounds.max_seconds)) {
    fmt::print(stderr, "cutover-sim shrink: --max-runs must be at least 1 and --max-seconds a "
                       "positive number of seconds\n");
    return kExitUsage;
  }
  std::optional<OutputFile> out;
  if (parsed->count("out")) {
    const std::string path = (*parsed)["out"].as<std::string>();
    if (const auto clash = OutputClash({run.file}, {{"--out", path}})) {
      fmt::print(stderr, "cutover-sim shrink: {}\n", *clash);
      return kExitUsage;
    }
    out.emplace(path);
    if (!out->ok()) {
      fmt::print(stderr, "{}\n", out->error());
      return kExitUsage;
    }
  }
  const auto shrunk = Shrink(run.file, run.sets, loaded->seed, bounds,
                             [](const std::string& line) { fmt::print(stderr, "{}\n", line); });
  if (!shrunk.has_value()) {
    fmt::print(stderr, "{}\n", shrunk.error());
    return kExitUsage;
  }
  const Shrunk& s = shrunk.value();
  const std::string text =
      fmt::format("# shrunk by cutover-sim shrink from {} at seed {} (model version {}): it still "
                  "misses `{}`\n{}",
                  run.file, loaded->seed, model::kModelVersion, s.expectation, s.yaml);
  if (out) {
    out->Write(text);
    if (!out->Commit()) {
      fmt::print(stderr, "{}\n", out->error());
      return kExitUsage;
    }
  } else {
    fmt::print("{}", text);
  }
  if (s.out_of_budget) {
    fmt::print(stderr, "shrink: stopped by --max-runs or --max-seconds; smaller may exist\n");
  }
  const std::string where = out ? (*parsed)["out"].as<std::string>() : "the scenario above";
  fmt::print(stderr,
             "shrink: {} -> {} faults in {} runs; {} still misses {} at seed {}: cutover-sim run "
             "{} --model-version {}\n",
             s.faults_before, s.faults_after, s.runs, where, s.expectation, loaded->seed,
             out ? (*parsed)["out"].as<std::string>() : "MIN.yaml", model::kModelVersion);
  return kExitOk;
}

}  // namespace tools
