// tests/sim/recorder.h: a process that records what the kernel hands it.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/simulation.h"

namespace sim::testing {

class Recorder : public Process {
 public:
  explicit Recorder(Simulation& simulation) : simulation_(simulation) {}
  void OnMessage(const Message& message) override {
    messages.push_back(message.words[0]);
    message_times.push_back(simulation_.now());
  }
  void OnTimer(std::uint64_t tag) override {
    timers.push_back(tag);
    timer_times.push_back(simulation_.now());
  }
  void OnCrash() override { ++crashes; }
  void OnRestart() override { ++restarts; }

  std::vector<std::uint64_t> messages;
  std::vector<Time> message_times;
  std::vector<std::uint64_t> timers;
  std::vector<Time> timer_times;
  int crashes = 0;
  int restarts = 0;

 private:
  Simulation& simulation_;
};

inline SimulationConfig FixedLatency(Time latency, std::uint64_t seed = 1) {
  SimulationConfig config;
  config.seed = seed;
  config.events_max = 1 << 16;
  config.network.latency = {LatencyModel::Kind::kFixed, latency, 0};
  config.network.messages_max = 1 << 16;
  return config;
}

inline Message Note(ProcessId from, ProcessId to, std::uint64_t word) {
  return Message{from, to, 1, 0, {word, 0, 0, 0}};
}

}  // namespace sim::testing
