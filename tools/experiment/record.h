// tools/experiment/record.h
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
  std::string configuration;              // in words (tools/scenario/describe.h)
};

// The overrides as (path, value) pairs, for the record's `params`.
// REQUIRES: each is PATH=VALUE (the loader refuses anything else).
std::vector<std::pair<std::string, std::string>> SplitOverrides(
    const std::vector<std::string>& sets);

// The record's `params`: each path once, at its first place, with its last value.
nlohmann::ordered_json ParamsJson(const std::vector<std::pair<std::string, std::string>>& params);

nlohmann::ordered_json ToRecord(const model::RunResult& result, const RecordContext& context);

// The inverse of ToRecord for the fields CheckExpectations reads (a resumed
// sweep re-checks the records it keeps). Throws nlohmann::json::exception
// on a missing field or a wrong type.
model::RunResult RecordToResult(const nlohmann::ordered_json& record);
std::string Summary(const model::RunResult& result, const RecordContext& context);
std::string HexHash(std::uint64_t hash);

}  // namespace tools
