// Events per second through the kernel's hot loop, to set beside
// ../shared/floor (floor_queue: 13.0 M/s at 10k pending, 5.7 M/s at 1M).
//   build/release/bench_event_queue
#include <benchmark/benchmark.h>

#include "sim/event_queue.h"
#include "sim/simulation.h"

namespace {

// Each popped event schedules one new event at now + an exponential-ish
// delay (a 1024-entry quantile table, as the floor does), so the pending
// count stays constant.
struct DelayTable {
  sim::Time q[1024];
  DelayTable() {
    sim::RngStream stream(1, "bench.delay");
    for (auto& d : q) d = static_cast<sim::Time>(stream.Exponential(1e6)) + 1;
  }
};

void BM_QueuePopPush(benchmark::State& state) {
  const auto pending = static_cast<std::uint32_t>(state.range(0));
  static const DelayTable delays;
  sim::EventQueue queue(pending + 1);
  std::uint64_t mix = 0x9e3779b97f4a7c15ull;
  for (std::uint32_t i = 0; i < pending; ++i) {
    mix = mix * 6364136223846793005ull + 1442695040888963407ull;
    queue.Push(delays.q[mix >> 54], sim::Event{sim::EventKind::kTimer, 0, 0, 0, i});
  }
  for (auto _ : state) {
    const sim::Scheduled s = queue.Pop();
    mix = mix * 6364136223846793005ull + 1442695040888963407ull;
    queue.Push(s.at + delays.q[mix >> 54] + static_cast<sim::Time>((mix >> 20) & 1023), s.event);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_QueuePopPush)->Arg(10'000)->Arg(1'000'000);

// The same loop through Simulation: dispatch, timer epoch check, trace hash.
class Rescheduler : public sim::Process {
 public:
  explicit Rescheduler(sim::Simulation& simulation) : simulation_(simulation) {}
  void OnMessage(const sim::Message&) override {}
  void OnTimer(std::uint64_t tag) override {
    mix_ = mix_ * 6364136223846793005ull + 1442695040888963407ull;
    simulation_.SetTimer(0, delays_.q[mix_ >> 54] + static_cast<sim::Time>((mix_ >> 20) & 1023),
                         tag);
  }
  void OnCrash() override {}
  void OnRestart() override {}

 private:
  sim::Simulation& simulation_;
  DelayTable delays_;
  std::uint64_t mix_ = 0x9e3779b97f4a7c15ull;
};

void BM_SimulationTimers(benchmark::State& state) {
  const auto pending = static_cast<std::uint32_t>(state.range(0));
  sim::SimulationConfig config;
  config.events_max = pending + 1;
  config.network.messages_max = 1;
  sim::Simulation simulation(config);
  Rescheduler process(simulation);
  simulation.AddProcess("p", &process);
  for (std::uint32_t i = 0; i < pending; ++i) process.OnTimer(i);
  for (auto _ : state) simulation.Step();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SimulationTimers)->Arg(10'000)->Arg(1'000'000);

// Two processes bounce messages over the simulated network (exponential
// latency, mean 1ms): a send, a delivery, a dispatch per event.
class Bouncer : public sim::Process {
 public:
  explicit Bouncer(sim::Simulation& simulation) : simulation_(simulation) {}
  void set_ids(sim::ProcessId self, sim::ProcessId peer) { self_ = self, peer_ = peer; }
  void OnMessage(const sim::Message& message) override {
    simulation_.Send(sim::Message{self_, peer_, 1, 0, {message.words[0] + 1, 0, 0, 0}});
  }
  void OnTimer(std::uint64_t) override {}
  void OnCrash() override {}
  void OnRestart() override {}
  void Serve(std::uint64_t ball) { simulation_.Send(sim::Message{self_, peer_, 1, 0, {ball}}); }

 private:
  sim::Simulation& simulation_;
  sim::ProcessId self_ = 0;
  sim::ProcessId peer_ = 0;
};

void BM_NetworkPingPong(benchmark::State& state) {
  const auto balls = static_cast<std::uint32_t>(state.range(0));
  sim::SimulationConfig config;
  config.events_max = balls + 16;
  config.network.messages_max = balls + 16;
  sim::Simulation simulation(config);
  Bouncer a(simulation);
  Bouncer b(simulation);
  a.set_ids(simulation.AddProcess("a", &a), 1);
  b.set_ids(simulation.AddProcess("b", &b), 0);
  for (std::uint32_t i = 0; i < balls; ++i) a.Serve(i);
  for (auto _ : state) simulation.Step();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NetworkPingPong)->Arg(1)->Arg(10'000);

}  // namespace

BENCHMARK_MAIN();
