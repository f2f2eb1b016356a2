// `cutover-sim check`: a batch of scenarios checked against their `expect:`
// blocks, each at its own seed.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <optional>

#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/junit.h"
#include "tools/experiment/output_file.h"
#include "tools/experiment/output_paths.h"
#include "tools/experiment/runner.h"

namespace tools {

namespace po = boost::program_options;

int CheckCommand(const Args& args) {
  po::options_description options(
      "cutover-sim check SCENARIO.yaml... [--load-only] [--junit FILE.xml]\n\n"
      "Loads every scenario (each mistake as one file:line:column line, exit 2),\n"
      "then runs each one that has an `expect:` block at its own seed and says\n"
      "whether its expectations hold; a miss prints the reproduce command, exit 1.\n\n"
      "options");
  options.add_options()("help,h", "this help")("scenario", po::value<std::vector<std::string>>(),
                                               "scenario files")(
      "load-only", "only load and validate; run nothing")(
      "junit", po::value<std::string>(), "also write the checks as JUnit XML, which CI reads");
  po::positional_options_description positional;
  positional.add("scenario", -1);
  const auto parsed = ParseCommandLine(args, options, positional);
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("scenario")) {
    fmt::print(stderr, "cutover-sim check: at least one scenario file is required (see --help)\n");
    return kExitUsage;
  }
  std::vector<Scenario> scenarios;
  bool bad = false;
  for (const std::string& path : vm["scenario"].as<std::vector<std::string>>()) {
    auto loaded = LoadScenarioFile(path);
    if (!loaded.has_value()) {
      fmt::print(stderr, "{}\n", loaded.error().message);
      bad = true;
      continue;
    }
    scenarios.push_back(std::move(loaded.value()));
  }
  if (bad) return kExitUsage;
  if (vm.count("load-only")) {
    fmt::print("{} scenario(s) load\n", scenarios.size());
    return kExitOk;
  }
  std::optional<OutputFile> junit;
  if (vm.count("junit")) {
    if (const auto clash = OutputClash(vm["scenario"].as<std::vector<std::string>>(),
                                       {{"--junit", vm["junit"].as<std::string>()}})) {
      fmt::print(stderr, "cutover-sim check: {}\n", *clash);
      return kExitUsage;
    }
    junit.emplace(vm["junit"].as<std::string>());
    if (!junit->ok()) {
      fmt::print(stderr, "{}\n", junit->error());
      return kExitUsage;
    }
  }
  std::vector<JunitCase> cases;
  int missed = 0;
  for (const Scenario& scenario : scenarios) {
    const std::string name = fmt::format("seed {}", scenario.model.seed);
    if (!scenario.has_expect) {
      fmt::print("skip  {} (no expect: block)\n", scenario.file);
      cases.push_back(JunitCase{scenario.file, name, 0, true, {}, ""});
      continue;
    }
    const ScenarioRun run = RunScenario(scenario, scenario.model.seed, /*keep_trace=*/false);
    fmt::print("{}  {} (seed {}, lost {} at cutover, {} at end, {:.0f} ms)\n",
               run.misses.empty() ? "ok  " : "MISS", scenario.file, run.config.seed,
               run.record.result.at_cutover.lost, run.record.result.at_end.lost,
               run.record.context.wall_ms);
    if (!run.misses.empty()) {
      ++missed;
      PrintMisses(scenario, run, stdout);
    }
    cases.push_back(JunitCase{scenario.file, name, run.record.context.wall_ms / 1e3, false,
                              run.misses,
                              ReproduceCommand(scenario.file, run.config.seed, scenario.overrides)});
  }
  if (junit) {
    junit->Write(JunitXml("cutover-sim check", cases));
    if (!junit->Commit()) {
      fmt::print(stderr, "{}\n", junit->error());
      return kExitUsage;
    }
  }
  return missed == 0 ? kExitOk : kExitMissed;
}

}  // namespace tools
