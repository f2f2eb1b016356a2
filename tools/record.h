// tools/record.h
//
// The result record of SPEC.md (one JSON object per run) and the short human
// summary `cutover-sim run` prints. Field names are fixed by the contract;
// extra fields (per-migration outcomes, cutover loss rate, drawn faults)
// extend it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "model/run.h"

namespace tools {

struct RecordContext {
  std::string file;
  std::vector<std::pair<std::string, std::string>> params;  // the overrides in force
  double wall_ms = 0;
  std::vector<std::string> swarm_faults;  // drawn faults, described
};

nlohmann::ordered_json ToRecord(const model::RunResult& result, const RecordContext& context);
std::string Summary(const model::RunResult& result, const RecordContext& context);
std::string HexHash(std::uint64_t hash);

}  // namespace tools
