#include "tools/experiment/swarm.h"

#include <cmath>
#include <variant>

#include "sim/rng_stream.h"

namespace tools {
namespace {

using model::FaultConfig;
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

  // The draws common to every kind come first, in this order, then the
  // kind's own: a seed's faults stay what they were when a kind is added.
  FaultConfig Draw() {
    const auto& kinds = scenario_.swarm.kinds;
    FaultConfig fault = model::MakeFault(kinds[stream_.Below(kinds.size())]);
    at_ = At();
    duration_ = LogUniform(stream_, sim::kMillisecond, 20 * sim::kSecond);
    std::visit(*this, fault);
    return fault;
  }

  void operator()(model::WriteFailure& f) {
    f.from = at_;
    f.node = Node();
    f.probability = std::round(stream_.Uniform(0.01, 0.25) * 1000) / 1000;
    f.until = TimePointConfig{at_.phase, at_.offset + duration_};
  }
  // The orchestrator or a node, cut from one other node. With a single node
  // the orchestrator is the only other side.
  void operator()(model::Partition& f) {
    f.at = at_;
    f.duration = duration_;
    if (nodes_.size() == 1) {
      f.side_a = {"orchestrator"};
      f.side_b = {nodes_[0]};
      return;
    }
    f.side_a = {stream_.Below(nodes_.size() + 1) == 0 ? std::string("orchestrator") : Node()};
    do {
      f.side_b = {Node()};
    } while (f.side_b == f.side_a);
  }
  void operator()(model::Crash& f) {
    f.at = at_;
    f.target = stream_.Below(nodes_.size() + 1) == 0 ? std::string("orchestrator") : Node();
    f.restart_after = LogUniform(stream_, 10 * sim::kMillisecond, 10 * sim::kSecond);
  }
  void operator()(model::Slow& f) {
    f.at = at_;
    f.duration = duration_;
    f.node = Node();
    f.latency_factor = static_cast<std::uint32_t>(2 + stream_.Below(99));
  }
  void operator()(model::Stall& f) {
    f.at = at_;
    f.duration = duration_;
    f.node = Node();
  }
  void operator()(model::ClockSkew& f) {
    f.at = at_;
    f.duration = duration_;
    f.target = "orchestrator";
    f.offset = (static_cast<sim::Time>(stream_.Below(2001)) - 1000) * sim::kMillisecond;
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
  TimePointConfig at_;
  sim::Time duration_ = 0;
};

}  // namespace

SwarmDraw DrawSwarm(const Scenario& scenario, std::uint64_t seed) {
  SwarmDraw draw;
  if (!scenario.swarm.enabled || scenario.swarm.max_faults == 0) return draw;
  SwarmDrawer drawer(scenario, seed);
  sim::RngStream count_stream(seed, "swarm.count");
  const std::uint64_t count = count_stream.Below(std::uint64_t{scenario.swarm.max_faults} + 1);
  for (std::uint64_t i = 0; i < count; ++i) {
    draw.faults.push_back(drawer.Draw());
    draw.descriptions.push_back(model::FaultLine(draw.faults.back()));
  }
  return draw;
}

}  // namespace tools
