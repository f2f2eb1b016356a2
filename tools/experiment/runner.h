// tools/experiment/runner.h
//
// One scenario run as the commands see it: the loaded scenario plus a seed
// become a model run (with the swarm's faults drawn for that seed), its
// result record, and the expectations it missed. `run`, `check` and `sweep`
// all go through RunScenario, so a record means the same whichever command
// wrote it, and a reproduce line re-runs exactly what was run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/run.h"
#include "tools/experiment/record.h"
#include "tools/experiment/swarm.h"
#include "tools/scenario/scenario.h"

namespace tools {

struct ScenarioRun {
  model::ModelConfig config;        // as run: the seed set, swarm faults appended
  Record record;                    // the result, and what describes it
  std::vector<std::string> misses;  // one line per expectation that missed
};

// The configuration of a run at `seed`: the seed set, the swarm's faults
// drawn and appended (their descriptions into `swarm_faults`, if given).
model::ModelConfig ConfigAtSeed(const Scenario& scenario, std::uint64_t seed,
                                std::vector<std::string>* swarm_faults = nullptr);

// REQUIRES: scenario came from the loader.
// `events` hears the run as it goes (the event log).
ScenarioRun RunScenario(const Scenario& scenario, std::uint64_t seed, bool keep_trace,
                        model::ProgressObserver* progress = nullptr,
                        model::EventSink* events = nullptr);

// The exact command that reproduces a run: scenario path, seed, every --set,
// and the model version it means (run warns when it is another).
std::string ReproduceCommand(const std::string& file, std::uint64_t seed,
                             const std::vector<std::string>& sets);

}  // namespace tools
