#include "tools/cli/command_line.h"

#include <fmt/format.h>

#include <iostream>

#include "model/keyspace.h"
#include "tools/experiment/version.h"

namespace tools {

void validate(boost::any& out, const std::vector<std::string>& values, Unsigned*, int) {
  namespace po = boost::program_options;
  const std::string& text = po::validators::get_single_string(values);
  const std::optional<std::uint64_t> value = ParseUnsigned(text);
  if (!value) throw po::invalid_option_value(text);
  out = Unsigned{*value};
}

std::ostream& operator<<(std::ostream& out, const Unsigned& n) {
  return out << n.value;
}

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

void AddOverrideOptions(po::options_description& options, std::string_view scope) {
  options.add_options()("set", po::value<std::vector<std::string>>()->composing(),
                        fmt::format("override one value, PATH=VALUE (e.g. "
                                    "migrations.0.skip_delta_pass=true), {}; repeatable",
                                    scope)
                            .c_str())(
      "max-events", po::value<std::string>(),
      "the event budget of each run: a run that reaches it ends with outcome `budget` (the "
      "same as --set run.max_events=N)");
}

std::vector<std::string> OverrideSets(const po::variables_map& vm) {
  std::vector<std::string> sets;
  if (vm.count("set")) sets = vm["set"].as<std::vector<std::string>>();
  if (vm.count("max-events"))
    sets.push_back("run.max_events=" + vm["max-events"].as<std::string>());
  return sets;
}

void PrintMisses(const Scenario& scenario, const ScenarioRun& run, std::FILE* to) {
  for (const std::string& miss : run.misses) fmt::print(to, "  expectation missed: {}\n", miss);
  fmt::print(to, "  reproduce: {}\n",
             ReproduceCommand(scenario.file, run.config.seed, scenario.overrides));
}

void AddOneRunOptions(boost::program_options::options_description& options) {
  namespace po = boost::program_options;
  options.add_options()("help,h", "this help")("scenario", po::value<std::string>(),
                                               "the scenario file")(
      "seed", po::value<std::string>(), "run seed, 0 to 2^64-1 (default: the scenario's `seed:`)")(
      "model-version", po::value<Unsigned>(),
      "the model version the seed was run under (reproduce lines carry it; a note if it "
      "differs)");
  AddOverrideOptions(options, "in this run");
}

const boost::program_options::positional_options_description& OneRunPositional() {
  static const auto positional = [] {
    boost::program_options::positional_options_description p;
    p.add("scenario", 1);
    return p;
  }();
  return positional;
}

void ReadOneRunOptions(const boost::program_options::variables_map& vm, OneRunOptions& out) {
  if (vm.count("scenario")) out.file = vm["scenario"].as<std::string>();
  out.sets = OverrideSets(vm);
  if (vm.count("seed")) out.seed = vm["seed"].as<std::string>();
  if (vm.count("model-version")) {
    const std::string note =
        VersionMismatch(vm["model-version"].as<Unsigned>().value, "this reproduce line");
    if (!note.empty()) fmt::print(stderr, "{}\n", note);
  }
}

std::optional<ScenarioAtSeed> LoadScenarioAtSeed(std::string_view command, const std::string& file,
                                                 const std::vector<std::string>& sets,
                                                 const std::optional<std::string>& seed) {
  if (file.empty()) {
    fmt::print(stderr, "cutover-sim {}: a scenario file is required (see --help)\n", command);
    return std::nullopt;
  }
  auto loaded = LoadScenarioFile(file, sets);
  if (!loaded.has_value()) {
    fmt::print(stderr, "{}\n", loaded.error().message);
    return std::nullopt;
  }
  ScenarioAtSeed out{std::move(loaded).value(), 0};
  out.seed = out.scenario.model.seed;
  if (seed) {
    const auto parsed = ParseUnsigned(*seed);
    if (!parsed) {
      fmt::print(stderr, "cutover-sim {}: --seed: expected a number from 0 to {}, got \"{}\"\n",
                 command, UINT64_MAX, *seed);
      return std::nullopt;
    }
    out.seed = *parsed;
  }
  return out;
}

std::optional<model::DocId> DocByKey(const model::ModelConfig& config, std::string_view key) {
  return model::Keyspace(config.workload.key_space, config.cluster.shards, 0,
                         config.workload.key_list)
      .Find(key);
}

}  // namespace tools
