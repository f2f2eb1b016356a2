#include "tools/experiment/runner.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>

#include "model/version.h"
#include "sim/check.h"
#include "tools/experiment/version.h"
#include "tools/scenario/describe.h"
#include "tools/scenario/knobs.h"

namespace tools {

model::ModelConfig ConfigAtSeed(const Scenario& scenario, std::uint64_t seed,
                                std::vector<std::string>* swarm_faults) {
  model::ModelConfig config = scenario.model;
  config.seed = seed;
  SwarmDraw swarm = DrawSwarm(scenario, seed);
  config.faults.insert(config.faults.end(), swarm.faults.begin(), swarm.faults.end());
  if (swarm_faults != nullptr) *swarm_faults = std::move(swarm.descriptions);
  return config;
}

ScenarioRun RunScenario(const Scenario& scenario, std::uint64_t seed, bool keep_trace,
                        model::ProgressObserver* progress, model::EventSink* events) {
  ScenarioRun run;
  std::vector<std::string> swarm_faults;
  run.config = ConfigAtSeed(scenario, seed, &swarm_faults);
  run.config.keep_trace = keep_trace;
  const auto start = std::chrono::steady_clock::now();
  run.record.result = model::RunModel(run.config, progress, events);
  const std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - start;
  RecordContext& context = run.record.context;
  context.file = scenario.file;
  context.params = OverridePairs(scenario.overrides);
  context.configuration = DescribeConfiguration(scenario);
  context.fault_mix = DescribeFaultMix(scenario);
  context.knobs = KnobValues(scenario.model);
  context.swarm_faults = std::move(swarm_faults);
  context.model_version = model::kModelVersion;
  context.commit = BuildCommit();
  context.wall_ms = wall.count();
  if (wall.count() > 0) {
    const double seconds = wall.count() / 1e3;
    context.speed.events_per_s = static_cast<double>(run.record.result.events) / seconds;
    context.speed.sim_s_per_wall_s =
        static_cast<double>(run.record.result.sim_time) / sim::kSecond / seconds;
  }
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) {
    context.speed.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
  }
  const std::vector<Verdict> verdicts = CheckExpectations(scenario.expect, run.record.result);
  for (const Verdict& v : verdicts) {
    context.verdicts.push_back({v.name, v.expected, v.actual, v.held});
  }
  run.misses = Misses(verdicts);
  return run;
}

namespace {
// Quotes a word for a POSIX shell when it needs it.
std::string ShellWord(const std::string& word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_./=:+,@%") == std::string::npos) {
    return word;
  }
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}
}  // namespace

std::string ReproduceCommand(const std::string& file, std::uint64_t seed,
                             const std::vector<std::string>& sets) {
  std::string out = fmt::format("cutover-sim run {} --seed {}", ShellWord(file), seed);
  for (const std::string& set : sets) out += " --set " + ShellWord(set);
  return out + fmt::format(" --model-version {}", model::kModelVersion);
}

}  // namespace tools
