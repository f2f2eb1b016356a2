#include "tools/experiment/runner.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "sim/check.h"
#include "sim/rng_stream.h"

namespace tools {
namespace {

using model::FaultConfig;
using model::FaultKind;
using model::Phase;
using model::TimePointConfig;

// Phases a swarm fault may be pinned to: every one a migration passes through.
constexpr Phase kSwarmPhases[] = {Phase::kDualWriteMigrating, Phase::kCutoverBegin,
                                  Phase::kCutoverDraining,    Phase::kCutoverDeltaPass,
                                  Phase::kCutoverActivate,    Phase::kCutoverCleanup};
constexpr sim::Time kPhaseOffsetMax = 5 * sim::kMillisecond;

// Log-uniform between low and high: short and long faults alike.
sim::Time LogUniform(sim::RngStream& stream, sim::Time low, sim::Time high) {
  const double x =
      stream.Uniform(std::log(static_cast<double>(low)), std::log(static_cast<double>(high)));
  return static_cast<sim::Time>(std::exp(x));
}

class SwarmDrawer {
 public:
  SwarmDrawer(const Scenario& scenario, std::uint64_t seed)
      : scenario_(scenario), stream_(seed, "swarm") {
    for (const auto& group : scenario.model.cluster.groups) {
      nodes_.insert(nodes_.end(), group.begin(), group.end());
    }
    for (const model::MigrationConfig& m : scenario.model.migrations) nodes_.push_back(m.add_node);
  }

  FaultConfig Draw() {
    const auto& kinds = scenario_.swarm.kinds;
    FaultConfig f;
    f.kind = kinds[stream_.Below(kinds.size())];
    f.from = At();
    f.duration = LogUniform(stream_, sim::kMillisecond, 20 * sim::kSecond);
    switch (f.kind) {
      case FaultKind::kWriteFailure:
        f.node = Node();
        f.probability = std::round(stream_.Uniform(0.01, 0.25) * 1000) / 1000;
        f.until = TimePointConfig{f.from.phase, f.from.offset + f.duration};
        f.duration = sim::kForever;
        break;
      case FaultKind::kPartition:
        // The orchestrator or a node, cut from one other node. With a single
        // node the orchestrator is the only other side.
        if (nodes_.size() == 1) {
          f.side_a = {"orchestrator"};
          f.side_b = {nodes_[0]};
          break;
        }
        f.side_a = {stream_.Below(nodes_.size() + 1) == 0 ? std::string("orchestrator") : Node()};
        do {
          f.side_b = {Node()};
        } while (f.side_b == f.side_a);
        break;
      case FaultKind::kCrash:
        f.node = stream_.Below(nodes_.size() + 1) == 0 ? std::string("orchestrator") : Node();
        f.duration = LogUniform(stream_, 10 * sim::kMillisecond, 10 * sim::kSecond);
        break;
      case FaultKind::kSlow:
        f.node = Node();
        f.latency_factor = static_cast<std::uint32_t>(2 + stream_.Below(99));
        break;
      case FaultKind::kStall:
        f.node = Node();
        break;
      case FaultKind::kClockSkew:
        f.node = "orchestrator";
        f.offset = (static_cast<sim::Time>(stream_.Below(2001)) - 1000) * sim::kMillisecond;
        break;
    }
    return f;
  }

 private:
  std::string Node() { return nodes_[stream_.Below(nodes_.size())]; }

  // Half the faults at a phase boundary (when there is a migration), the
  // rest uniform in the window.
  TimePointConfig At() {
    const SwarmConfig& swarm = scenario_.swarm;
    if (!scenario_.model.migrations.empty() && stream_.Below(2) == 0) {
      const Phase phase = kSwarmPhases[stream_.Below(std::size(kSwarmPhases))];
      return TimePointConfig{phase, static_cast<sim::Time>(stream_.Below(kPhaseOffsetMax))};
    }
    const auto span = static_cast<std::uint64_t>(swarm.window_end - swarm.window_begin);
    return TimePointConfig{std::nullopt,
                           swarm.window_begin + static_cast<sim::Time>(stream_.Below(span + 1))};
  }

  const Scenario& scenario_;
  sim::RngStream stream_;
  std::vector<std::string> nodes_;
};

std::string DescribePoint(const TimePointConfig& point) {
  if (!point.phase.has_value()) return sim::FormatDuration(point.offset);
  std::string out = std::string("phase:") + model::PhaseName(*point.phase);
  if (point.offset != 0) out += "+" + sim::FormatDuration(point.offset);
  return out;
}

std::string DescribeSwarmFault(const FaultConfig& f) {
  const std::string at = DescribePoint(f.from);
  switch (f.kind) {
    case FaultKind::kWriteFailure:
      return fmt::format("write_failure node={} probability={} from={} until={}", f.node,
                         f.probability, at, DescribePoint(*f.until));
    case FaultKind::kPartition:
      return fmt::format("partition between=[{}, {}] at={} duration={}", f.side_a[0], f.side_b[0],
                         at, sim::FormatDuration(f.duration));
    case FaultKind::kCrash:
      return fmt::format("crash target={} at={} restart_after={}", f.node, at,
                         sim::FormatDuration(f.duration));
    case FaultKind::kSlow:
      return fmt::format("slow node={} latency_factor={} at={} duration={}", f.node,
                         f.latency_factor, at, sim::FormatDuration(f.duration));
    case FaultKind::kStall:
      return fmt::format("stall node={} at={} duration={}", f.node, at,
                         sim::FormatDuration(f.duration));
    case FaultKind::kClockSkew:
      return fmt::format("clock_skew target={} at={} offset={} duration={}", f.node, at,
                         sim::FormatDuration(f.offset), sim::FormatDuration(f.duration));
  }
  return "fault";
}

std::string FormatRange(const ExpectRange& range) {
  if (range.min == range.max) return fmt::format("{}", range.min);
  if (std::isinf(range.max)) return fmt::format("at least {}", range.min);
  return fmt::format("in [{}, {}]", range.min, range.max);
}

}  // namespace

SwarmDraw DrawSwarm(const Scenario& scenario, std::uint64_t seed) {
  SwarmDraw draw;
  if (!scenario.swarm.enabled || scenario.swarm.max_faults == 0) return draw;
  SwarmDrawer drawer(scenario, seed);
  sim::RngStream count_stream(seed, "swarm.count");
  const std::uint64_t count = count_stream.Below(std::uint64_t{scenario.swarm.max_faults} + 1);
  for (std::uint64_t i = 0; i < count; ++i) {
    draw.faults.push_back(drawer.Draw());
    draw.descriptions.push_back(DescribeSwarmFault(draw.faults.back()));
  }
  return draw;
}

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
