#include "tools/experiment/smoke.h"

#include <fmt/format.h>

#include <vector>

#include "sim/simulation.h"

namespace tools {
namespace {

constexpr std::uint32_t kRequest = 1;
constexpr std::uint32_t kReply = 2;
constexpr sim::Time kInterval = sim::kMillisecond;
constexpr sim::Time kTimeout = 50 * sim::kMillisecond;
constexpr std::uint64_t kTimeoutFlag = std::uint64_t{1} << 63;

class EchoNode : public sim::Process {
 public:
  explicit EchoNode(sim::Simulation& simulation) : simulation_(simulation) {}
  void set_id(sim::ProcessId id) { id_ = id; }
  void OnMessage(const sim::Message& message) override {
    if (message.type != kRequest) return;
    sim::Message reply{id_, message.from, kReply, 0, {message.words[0], 0, 0, 0}};
    simulation_.Send(reply);
  }
  void OnTimer(std::uint64_t) override {}
  void OnCrash() override {}
  void OnRestart() override {}

 private:
  sim::Simulation& simulation_;
  sim::ProcessId id_ = 0;
};

class Client : public sim::Process {
 public:
  Client(sim::Simulation& simulation, std::uint64_t requests, SmokeResult& result)
      : simulation_(simulation), answered_(requests, false), result_(result) {}
  void Start(sim::ProcessId id, std::vector<sim::ProcessId> nodes) {
    id_ = id;
    nodes_ = std::move(nodes);
    simulation_.SetTimer(id_, 0, 0);
  }
  void OnMessage(const sim::Message& message) override {
    const std::uint64_t request = message.words[0];
    if (message.type != kReply || answered_[request]) return;
    answered_[request] = true;
    ++result_.replies;
  }
  void OnTimer(std::uint64_t tag) override {
    if (tag & kTimeoutFlag) {
      // A reply that comes after its timeout does not count: the client gave up.
      if (answered_[tag & ~kTimeoutFlag]) return;
      answered_[tag & ~kTimeoutFlag] = true;
      ++result_.timeouts;
      return;
    }
    const std::uint64_t request = result_.requests++;
    const sim::ProcessId node = nodes_[request % nodes_.size()];
    simulation_.Send(sim::Message{id_, node, kRequest, 0, {request, 0, 0, 0}});
    simulation_.SetTimer(id_, kTimeout, request | kTimeoutFlag);
    if (result_.requests < answered_.size()) simulation_.SetTimer(id_, kInterval, 0);
  }
  void OnCrash() override {}
  void OnRestart() override {}

 private:
  sim::Simulation& simulation_;
  sim::ProcessId id_ = 0;
  std::vector<sim::ProcessId> nodes_;
  std::vector<bool> answered_;
  SmokeResult& result_;
};

}  // namespace

SmokeResult RunSmoke(std::uint64_t seed, std::uint64_t requests) {
  SmokeResult result;
  sim::SimulationConfig config;
  config.seed = seed;
  config.network.latency = {sim::LatencyModel::Kind::kLogNormal, sim::kMillisecond,
                            8 * sim::kMillisecond};
  config.network.drop_probability = 0.001;
  sim::Simulation simulation(config);
  Client client(simulation, requests, result);
  std::vector<EchoNode> nodes(3, EchoNode(simulation));
  const sim::ProcessId client_id = simulation.AddProcess("client", &client);
  std::vector<sim::ProcessId> node_ids;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    node_ids.push_back(simulation.AddProcess(fmt::format("node-{}", i), &nodes[i]));
    nodes[i].set_id(node_ids.back());
  }
  using sim::FaultSpec;
  const auto at = [](sim::Time t) { return sim::TimePoint{sim::kNoTrigger, t}; };
  simulation.AddFault(
      FaultSpec::Partition(at(2 * sim::kSecond), sim::kSecond, {client_id}, {node_ids[1]}));
  simulation.AddFault(FaultSpec::Crash(at(3 * sim::kSecond), 500 * sim::kMillisecond, node_ids[2]));
  simulation.AddFault(FaultSpec::Stall(at(4 * sim::kSecond), 200 * sim::kMillisecond, node_ids[0]));
  simulation.AddFault(FaultSpec::Slow(at(5 * sim::kSecond), sim::kSecond, node_ids[1], 10));

  client.Start(client_id, node_ids);
  simulation.Run();
  result.events = simulation.steps();
  result.trace_hash = simulation.trace().hash();
  result.sim_time = simulation.now();
  result.network = simulation.network().stats();
  return result;
}

std::string DescribeSmoke(std::uint64_t seed, const SmokeResult& r) {
  return fmt::format(
      "kernel smoke run, seed {}: a client sent {} requests to 3 echo nodes, one per {}, each\n"
      "with a {} timeout, through a lognormal network (median 1ms, p99 8ms, 0.1% drops), while\n"
      "node-1 was cut off from the client (2s-3s), node-2 crashed (3s, back at 3.5s), node-0\n"
      "stalled (4s-4.2s) and node-1 ran 10x slower (5s-6s).\n"
      "  replies {}  timeouts {}  (sum {})\n"
      "  messages sent {}  delivered {}  dropped {}  cut {}  stalled {}  target down {}\n"
      "  events {}  simulated {}  trace hash {:016x}\n",
      seed, r.requests, sim::FormatDuration(kInterval), sim::FormatDuration(kTimeout), r.replies,
      r.timeouts, r.replies + r.timeouts, r.network.sent, r.network.delivered, r.network.dropped,
      r.network.cut, r.network.stalled, r.network.target_down, r.events,
      sim::FormatDuration(r.sim_time), r.trace_hash);
}

}  // namespace tools
