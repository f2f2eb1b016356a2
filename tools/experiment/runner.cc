#include "tools/experiment/runner.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "sim/check.h"
#include "tools/scenario/describe.h"

namespace tools {
namespace {

std::string FormatRange(const ExpectRange& range) {
  if (range.min == range.max) return fmt::format("{}", range.min);
  if (std::isinf(range.max)) return fmt::format("at least {}", range.min);
  return fmt::format("in [{}, {}]", range.min, range.max);
}

}  // namespace

ScenarioRun RunScenario(const Scenario& scenario, std::uint64_t seed, bool keep_trace,
                        model::ProgressObserver* progress) {
  ScenarioRun run;
  run.config = scenario.model;
  run.config.seed = seed;
  run.config.keep_trace = keep_trace;
  SwarmDraw swarm = DrawSwarm(scenario, seed);
  run.config.faults.insert(run.config.faults.end(), swarm.faults.begin(), swarm.faults.end());
  const auto start = std::chrono::steady_clock::now();
  run.result = model::RunModel(run.config, progress);
  const std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - start;
  run.context.file = scenario.file;
  run.context.params = SplitOverrides(scenario.overrides);
  run.context.wall_ms = wall.count();
  run.context.swarm_faults = std::move(swarm.descriptions);
  run.context.configuration = DescribeConfiguration(scenario);
  if (scenario.has_expect) run.misses = CheckExpectations(scenario.expect, run.result);
  return run;
}

std::vector<std::string> CheckExpectations(const Expectations& e, const model::RunResult& r) {
  std::vector<std::string> misses;
  if (e.outcome && *e.outcome != r.outcome) {
    misses.push_back(fmt::format("outcome: {} (reason: {}), expected {}", r.outcome,
                                 r.reason.empty() ? "none" : r.reason, *e.outcome));
  }
  if (e.phase_reached && model::PhaseName(*e.phase_reached) != r.phase_reached) {
    misses.push_back(fmt::format("phase_reached: {}, expected {}", r.phase_reached,
                                 model::PhaseName(*e.phase_reached)));
  }
  const std::pair<const char*, std::pair<const std::optional<ExpectRange>*, double>> ranges[] = {
      {"acked", {&e.acked, static_cast<double>(r.writes.acked)}},
      {"lost_at_cutover", {&e.lost_at_cutover, static_cast<double>(r.at_cutover.lost)}},
      {"lost", {&e.lost, static_cast<double>(r.at_end.lost)}},
      {"loss_rate", {&e.loss_rate, r.at_end.loss_rate}},
      {"divergent", {&e.divergent, static_cast<double>(r.at_end.divergent)}},
      {"resurrected", {&e.resurrected, static_cast<double>(r.at_end.resurrected)}},
      {"migrated_docs", {&e.migrated_docs, static_cast<double>(r.migrated_docs)}},
      {"delta_docs", {&e.delta_docs, static_cast<double>(r.delta_docs)}},
      {"ae_repairs", {&e.ae_repairs, static_cast<double>(r.ae_repairs)}},
      {"cdc_anomalies", {&e.cdc_anomalies, static_cast<double>(r.cdc_anomalies)}}};
  for (const auto& [name, expected_actual] : ranges) {
    const auto& [expected, actual] = expected_actual;
    if (expected->has_value() && !(*expected)->Contains(actual)) {
      misses.push_back(fmt::format("{}: {}, expected {}", name, actual, FormatRange(**expected)));
    }
  }
  if (e.drain_timed_out && *e.drain_timed_out != r.drain_timed_out) {
    misses.push_back(
        fmt::format("drain_timed_out: {}, expected {}", r.drain_timed_out, *e.drain_timed_out));
  }
  return misses;
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
  return out;
}

}  // namespace tools
