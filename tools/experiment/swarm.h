// tools/experiment/swarm.h
//
// A scenario's `swarm:` block at one seed: the extra faults it draws.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/config.h"
#include "tools/scenario/scenario.h"

namespace tools {

// The swarm's extra faults for one seed, drawn from the stream
// (seed, "swarm") alone: the same seed redraws the same set, and nothing
// else in the run shifts it. Empty when the scenario has no `swarm:` block.
struct SwarmDraw {
  std::vector<model::FaultConfig> faults;
  std::vector<std::string> descriptions;  // one line each, for the summary and the record
};
SwarmDraw DrawSwarm(const Scenario& scenario, std::uint64_t seed);

}  // namespace tools
