// `cutover-sim run`: one scenario at one seed, with its summary or record,
// traces and expectations.
#include <fmt/format.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <optional>

#include "model/keyspace.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/capsule.h"
#include "tools/experiment/output_file.h"
#include "tools/experiment/record.h"
#include "tools/experiment/runner.h"
#include "tools/report/event_log.h"
#include "tools/report/trace_file.h"

namespace tools {
namespace {

namespace po = boost::program_options;

// A one-line progress indication on a terminal's stderr, rewritten in place.
class TerminalProgress : public model::ProgressObserver {
 public:
  void OnProgress(sim::Time now, sim::Time horizon, std::uint64_t events) override {
    std::string line =
        fmt::format("\r  simulated {:.1f} s", static_cast<double>(now) / sim::kSecond);
    if (horizon > 0) {
      line += fmt::format(" of {:.1f} s ({:.0f}%)", static_cast<double>(horizon) / sim::kSecond,
                          100.0 * static_cast<double>(now) / static_cast<double>(horizon));
    }
    line += fmt::format(", {:.1f}M events   ", static_cast<double>(events) / 1e6);
    std::fputs(line.c_str(), stderr);
    shown_ = true;
  }
  ~TerminalProgress() override {
    if (shown_) std::fputs("\r\033[K", stderr);
  }

 private:
  bool shown_ = false;
};

// Commits an output file; false (after saying why) if it could not be written.
bool Commit(OutputFile& out) {
  if (out.Commit()) return true;
  fmt::print(stderr, "{}\n", out.error());
  return false;
}

struct RunOptions : OneRunOptions {
  std::optional<std::string> trace;
  std::optional<std::string> events;
  std::optional<std::string> events_doc;
  std::optional<std::uint64_t> events_max_lines;
  std::optional<std::string> capsule;
  bool events_kernel = false;
  bool print_faults = false;
  bool json = false;
};

// The options, or nothing after --help.
std::optional<RunOptions> ParseRunOptions(const Args& args) {
  po::options_description options(
      "cutover-sim run SCENARIO.yaml [--seed N] [--set PATH=VALUE]... [--max-events N]\n"
      "                [--trace FILE.json] [--events FILE.jsonl [--events-doc KEY]\n"
      "                [--events-kernel] [--events-max-lines N]] [--capsule FILE.json]\n"
      "                [--print-faults] [--json]\n\n"
      "Runs one scenario at one seed and prints a short summary (or the result\n"
      "record with --json). When the scenario has an `expect:` block and a value\n"
      "misses, prints what missed and the command that reproduces it, exit 1.\n\n"
      "options");
  AddOneRunOptions(options);
  options.add_options()(
      "trace", po::value<std::string>(), "write a Chrome Trace Event file (open it in Perfetto)")(
      "events", po::value<std::string>(),
      "write the run as named events, one JSON object per line, as it goes")(
      "events-doc", po::value<std::string>(),
      "in the event log, the events of this one document (by key) and the run's own")(
      "events-kernel", "in the event log, also every message delivery and timer")(
      "events-max-lines", po::value<Unsigned>(),
      "stop the event log after N lines (said on stderr when it stops)")(
      "capsule", po::value<std::string>(),
      "write a capsule: one file that `cutover-sim replay` runs again anywhere")(
      "print-faults",
      "print the run's faults, the swarm's drawn ones included, as a `faults:` list that "
      "loads as it is (with the swarm off, the same seed runs the same), and stop")(
      "json", "print the one-line result record instead of the summary");
  const auto parsed = ParseCommandLine(args, options, OneRunPositional());
  if (!parsed) return std::nullopt;
  const po::variables_map& vm = *parsed;
  RunOptions run;
  ReadOneRunOptions(vm, run);
  if (vm.count("trace")) run.trace = vm["trace"].as<std::string>();
  if (vm.count("events")) run.events = vm["events"].as<std::string>();
  if (vm.count("events-doc")) run.events_doc = vm["events-doc"].as<std::string>();
  if (vm.count("events-max-lines")) {
    run.events_max_lines = vm["events-max-lines"].as<Unsigned>().value;
  }
  run.events_kernel = vm.count("events-kernel") > 0;
  if (!run.events && (run.events_doc || run.events_max_lines || run.events_kernel)) {
    throw po::error("--events-doc, --events-kernel and --events-max-lines need --events FILE");
  }
  if (vm.count("capsule")) run.capsule = vm["capsule"].as<std::string>();
  run.print_faults = vm.count("print-faults") > 0;
  run.json = vm.count("json") > 0;
  return run;
}

// Writes the trace files asked for; false (after saying why) if one could not be.
bool WriteTraces(const ScenarioRun& run, std::optional<OutputFile>& trace_out,
                 std::optional<OutputFile>& events_out, const EventLogWriter* log,
                 const NodeActivity* activity) {
  if (trace_out) {
    trace_out->Write(ChromeTrace(run.record.result, run.config, activity));
    if (!Commit(*trace_out)) return false;
  }
  if (events_out) {
    if (log->stopped()) {
      fmt::print(stderr, "cutover-sim run: --events: stopped after {} lines (--events-max-lines)\n",
                 log->lines());
    }
    if (!Commit(*events_out)) return false;
  }
  return true;
}

}  // namespace

int RunCommand(const Args& args) {
  const auto options = ParseRunOptions(args);
  if (!options) return kExitOk;
  const auto loaded = LoadScenarioAtSeed("run", options->file, options->sets, options->seed);
  if (!loaded) return kExitUsage;
  const Scenario& scenario = loaded->scenario;
  const std::uint64_t seed = loaded->seed;
  if (options->print_faults) {
    fmt::print("# {} at seed {}: its faults{}\n{}", scenario.file, seed,
               scenario.swarm.enabled ? ", the swarm's drawn ones included; run them with the "
                                        "swarm off (swarm.max_faults: 0)"
                                      : "",
               FaultsYaml(ConfigAtSeed(scenario, seed)));
    return kExitOk;
  }
  std::vector<OutputPath> outputs;
  if (options->trace) outputs.push_back({"--trace", *options->trace});
  if (options->events) outputs.push_back({"--events", *options->events});
  if (options->capsule) outputs.push_back({"--capsule", *options->capsule});
  if (const auto clash = OutputClash({options->file}, outputs)) {
    fmt::print(stderr, "cutover-sim run: {}\n", *clash);
    return kExitUsage;
  }
  // Opened before the run, so a path that cannot be written costs no run.
  std::optional<OutputFile> trace_out;
  std::optional<OutputFile> events_out;
  std::optional<OutputFile> capsule_out;
  if (options->trace) trace_out.emplace(*options->trace);
  if (options->events) events_out.emplace(*options->events);
  if (options->capsule) capsule_out.emplace(*options->capsule);
  for (const auto* out : {&trace_out, &events_out, &capsule_out}) {
    if (*out && !(*out)->ok()) {
      fmt::print(stderr, "{}\n", (*out)->error());
      return kExitUsage;
    }
  }
  EventLogOptions log_options;
  log_options.kernel = options->events_kernel;
  if (options->events_max_lines) log_options.max_lines = *options->events_max_lines;
  if (options->events_doc) {
    log_options.doc = DocByKey(scenario.model, *options->events_doc);
    if (!log_options.doc) {
      fmt::print(stderr, "cutover-sim run: --events-doc: no document \"{}\" in the key space\n",
                 *options->events_doc);
      return kExitUsage;
    }
  }
  // The event log and the trace's node tracks hear the run as it goes; the
  // log names faults as the run has them, the swarm's drawn ones included.
  const model::ModelConfig config = ConfigAtSeed(scenario, seed);
  std::optional<EventLogWriter> log;
  if (events_out) log.emplace(config, *events_out, log_options);
  std::optional<NodeActivity> activity;
  if (trace_out) activity.emplace();
  std::optional<TeeSink> both;
  model::EventSink* sink = log ? static_cast<model::EventSink*>(&*log)
                               : activity ? static_cast<model::EventSink*>(&*activity)
                                          : nullptr;
  if (log && activity) sink = &both.emplace(&*log, &*activity);
  ScenarioRun run;
  {
    std::optional<TerminalProgress> progress;
    if (isatty(STDERR_FILENO)) progress.emplace();
    run = RunScenario(scenario, seed, trace_out.has_value(), progress ? &*progress : nullptr,
                      sink);
  }
  if (!WriteTraces(run, trace_out, events_out, log ? &*log : nullptr,
                   activity ? &*activity : nullptr)) {
    return kExitUsage;
  }
  if (capsule_out) {
    capsule_out->Write(MakeCapsule(scenario, run));
    if (!Commit(*capsule_out)) return kExitUsage;
  }
  if (options->json) {
    fmt::print("{}", WriteRecordLine(run.record));
  } else {
    fmt::print("{}", Summary(run.record));
    if (scenario.has_expect && run.misses.empty()) fmt::print("  expect      all hold\n");
  }
  if (run.misses.empty()) return kExitOk;
  PrintMisses(scenario, run, options->json ? stderr : stdout);
  return kExitMissed;
}

}  // namespace tools
