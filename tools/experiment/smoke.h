// tools/experiment/smoke.h
//
// A built-in run of the kernel alone: a client sends requests to three echo
// nodes over the simulated network while a partition, a crash, a stall and a
// slowdown come and go. It exercises every kernel part end to end and says
// what happened; `cutover-sim smoke` prints it.
#pragma once

#include <cstdint>
#include <string>

#include "sim/network.h"
#include "sim/time.h"

namespace tools {

struct SmokeResult {
  std::uint64_t requests = 0;
  std::uint64_t replies = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t events = 0;
  std::uint64_t trace_hash = 0;
  sim::Time sim_time = 0;
  sim::NetworkStats network;
};

SmokeResult RunSmoke(std::uint64_t seed, std::uint64_t requests);
std::string DescribeSmoke(std::uint64_t seed, const SmokeResult& result);

}  // namespace tools
