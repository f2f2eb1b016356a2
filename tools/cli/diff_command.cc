// `cutover-sim diff SCENARIO --seed N --a 'PATH=V ...' --b 'PATH=V ...'`:
// the same seed under two configurations, where the runs part and what
// each loses that the other does not.
#include <fmt/format.h>

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/runner.h"
#include "tools/report/run_diff.h"

namespace tools {
namespace {

namespace po = boost::program_options;

// "a=1 b=[x, y]" -> {"a=1", "b=[x, y]"}: words split at spaces outside
// brackets, braces and quotes, so a YAML value keeps its own.
std::vector<std::string> Words(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const std::string& text : texts) {
    std::string word;
    int depth = 0;
    char quote = 0;
    for (const char c : text) {
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else {
        depth += (c == '[' || c == '{') - (c == ']' || c == '}');
      }
      if (c == ' ' && depth == 0 && quote == 0) {
        if (!word.empty()) out.push_back(std::move(word));
        word.clear();
      } else {
        word += c;
      }
    }
    if (!word.empty()) out.push_back(std::move(word));
  }
  return out;
}

std::string Joined(const std::vector<std::string>& sets) {
  std::string out;
  for (const std::string& set : sets) out += (out.empty() ? "" : " ") + set;
  return out.empty() ? "(as the scenario is)" : out;
}

}  // namespace

int DiffCommand(const Args& args) {
  po::options_description options(
      "cutover-sim diff SCENARIO.yaml [--seed N] [--set PATH=VALUE]... --a 'PATH=VALUE ...'\n"
      "                 --b 'PATH=VALUE ...'\n\n"
      "Runs one seed under two configurations, A and B (each the scenario with\n"
      "its --set overrides and then its own), and reports the first moment the\n"
      "runs part (the first trace record that differs) and, per document, what\n"
      "is lost in A only, in B only and in both, with each loss's cause.\n\n"
      "options");
  AddOneRunOptions(options);
  options.add_options()(
      "a", po::value<std::vector<std::string>>()->default_value({}, ""),
      "configuration A: PATH=VALUE overrides, space-separated or repeated")(
      "b", po::value<std::vector<std::string>>()->default_value({}, ""),
      "configuration B: the same");
  const auto parsed = ParseCommandLine(args, options, OneRunPositional());
  if (!parsed) return kExitOk;
  OneRunOptions common;
  ReadOneRunOptions(*parsed, common);
  const std::vector<std::string> a_sets = Words((*parsed)["a"].as<std::vector<std::string>>());
  const std::vector<std::string> b_sets = Words((*parsed)["b"].as<std::vector<std::string>>());
  if (a_sets.empty() && b_sets.empty()) {
    fmt::print(stderr, "cutover-sim diff: --a or --b must change something (see --help)\n");
    return kExitUsage;
  }
  std::vector<ScenarioRun> runs;
  std::optional<std::string> seed_text = common.seed;  // A's seed is B's too
  std::uint64_t seed = 0;
  for (const auto* own : {&a_sets, &b_sets}) {
    std::vector<std::string> sets = common.sets;
    sets.insert(sets.end(), own->begin(), own->end());
    const auto loaded = LoadScenarioAtSeed("diff", common.file, sets, seed_text);
    if (!loaded) return kExitUsage;
    seed = loaded->seed;
    seed_text = std::to_string(seed);
    runs.push_back(RunScenario(loaded->scenario, seed, /*keep_trace=*/true));
  }
  fmt::print("{} at seed {}\n  A: {}\n  B: {}\n", common.file, seed, Joined(a_sets),
             Joined(b_sets));
  fmt::print("{}", DiffText(runs[0].config, runs[0].record.result, runs[1].config,
                            runs[1].record.result));
  return kExitOk;
}

}  // namespace tools
