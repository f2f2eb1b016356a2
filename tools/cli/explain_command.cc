#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/runner.h"
#include "tools/report/explain.h"

namespace tools {
namespace {

namespace po = boost::program_options;

struct ExplainOptions : OneRunOptions {
  std::optional<std::string> doc;
  bool json = false;
};

std::optional<ExplainOptions> ParseExplainOptions(const Args& args) {
  po::options_description options(
      "cutover-sim explain SCENARIO.yaml [--seed N] [--set PATH=VALUE]... [--max-events N]\n"
      "                    [--doc KEY] [--json]\n\n"
      "Runs one scenario at one seed and tells, for each document lost (or\n"
      "resurrected) at the end, why: its last acknowledged write and one cause,\n"
      "grouped by cause. --doc KEY tells one document's whole story, step by step.\n\n"
      "options");
  AddOneRunOptions(options);
  options.add_options()(
      "doc", po::value<std::string>(), "one document's story, by its key (doc-0042)")(
      "json", "print one JSON object: the causes and every document's story");
  const auto parsed = ParseCommandLine(args, options, OneRunPositional());
  if (!parsed) return std::nullopt;
  const po::variables_map& vm = *parsed;
  ExplainOptions out;
  ReadOneRunOptions(vm, out);
  if (vm.count("doc")) out.doc = vm["doc"].as<std::string>();
  out.json = vm.count("json") > 0;
  return out;
}

}  // namespace

int ExplainCommand(const Args& args) {
  const auto options = ParseExplainOptions(args);
  if (!options) return kExitOk;
  const auto loaded = LoadScenarioAtSeed("explain", options->file, options->sets, options->seed);
  if (!loaded) return kExitUsage;
  // The configuration a run at this seed has: the seed set, swarm faults drawn.
  const model::ModelConfig config = ConfigAtSeed(loaded->scenario, loaded->seed);
  std::optional<model::DocId> only;
  if (options->doc) {
    only = DocByKey(config, *options->doc);
    if (!only) {
      fmt::print(stderr, "cutover-sim explain: --doc: no document \"{}\" in the key space\n",
                 *options->doc);
      return kExitUsage;
    }
  }
  const Explanation explanation = Explain(config, only);
  if (options->json) {
    fmt::print("{}", ExplainJson(explanation));
  } else if (only) {
    fmt::print("{}{}", explanation.result.stories.empty() ? *options->doc + " " : "",
               explanation.result.stories.empty()
                   ? "was never touched by the run\n"
                   : StoryText(explanation, explanation.result.stories.front()));
  } else {
    fmt::print("{}", ExplainText(explanation));
  }
  return kExitOk;
}

}  // namespace tools
