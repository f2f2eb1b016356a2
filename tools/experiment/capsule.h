// tools/experiment/capsule.h
//
// A capsule: one self-contained JSON file that replays a run anywhere. It
// holds the scenario's text and the key file it reads, the seed and the
// --set overrides, the model version and commit that ran it, the resolved
// configuration (in words, each knob, every fault with the swarm's drawn
// ones as a `faults:` list) and what the run gave: its trace hash, outcome,
// losses and missed expectations. `cutover-sim replay` runs it again and
// says whether the trace hash is the same.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/result.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/scenario.h"

namespace tools {

inline constexpr std::uint64_t kCapsuleFormat = 1;

struct Capsule {
  std::uint64_t model_version = 0;
  std::string commit;
  std::string scenario_file;  // as it was given
  std::string scenario_text;
  std::string key_file_text;  // the text of workload.keys.file, if the scenario has one
  std::uint64_t seed = 0;
  std::vector<std::string> sets;
  std::uint64_t trace_hash = 0;
};

// The capsule of a run of `scenario` as JSON text: the scenario's text and
// key file as they were loaded, whatever the files hold now.
std::string MakeCapsule(const Scenario& scenario, const ScenarioRun& run);

// The capsule in `text`; `path` names it in "path:line:column: what is wrong".
sim::Result<Capsule, std::string> ReadCapsule(std::string_view text, const std::string& path);

// The `faults:` list of a run's configuration (the scenario's faults and
// the swarm's drawn ones), which loads as it is: with the swarm off, the
// same seed runs to the same trace hash.
std::string FaultsYaml(const model::ModelConfig& config);

}  // namespace tools
