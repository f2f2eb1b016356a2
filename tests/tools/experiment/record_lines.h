// tests/tools/experiment/record_lines.h
//
// Result record lines for tests of what reads records (the table, resume),
// written by the one writer (tools/experiment/record_format.h).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "tools/experiment/record_format.h"

namespace tools::testing {

using Json = nlohmann::ordered_json;

struct Counts {
  std::uint64_t acked = 1000, lost = 0, acked_at_cutover = 500, lost_at_cutover = 0;
  std::uint64_t divergent = 0, resurrected = 0;
  std::string outcome = "complete";
  model::Exposure exposure = {};
  bool missed = false;  // the run missed its `lost: 0` expectation
  std::string fault_mix = "";
};

// One result record line, as the one writer writes it.
inline std::string Line(const std::string& scenario, const Json& params, std::uint64_t seed,
                        const Counts& c = {}) {
  Record record;
  model::RunResult& r = record.result;
  r.scenario = scenario;
  r.seed = seed;
  r.outcome = model::ParseRunOutcome(c.outcome).value();
  r.at_end.acked_docs = c.acked;
  r.at_end.lost = c.lost;
  r.at_cutover.acked_docs = c.acked_at_cutover;
  r.at_cutover.lost = c.lost_at_cutover;
  r.at_end.divergent = c.divergent;
  r.at_end.resurrected = c.resurrected;
  r.exposure = c.exposure;
  record.context.verdicts = {{"lost", "0", std::to_string(c.lost), !c.missed}};
  record.context.file = "scenarios/nowhere/" + scenario + ".yaml";
  record.context.fault_mix = c.fault_mix;
  for (const auto& [path, value] : params.items()) {
    record.context.params.emplace_back(path,
                                       value.is_string() ? value.get<std::string>() : value.dump());
  }
  return WriteRecordLine(record);
}

}  // namespace tools::testing
