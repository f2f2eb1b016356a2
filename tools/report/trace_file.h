// tools/report/trace_file.h
//
// A run's trace for people: Chrome Trace Event JSON (opens in Perfetto and
// chrome://tracing). It keeps every phase, shard state and fault whole and
// aggregates writes into counters, so a 1M-write run stays small. The event
// log of named events is tools/report/event_log.h.
#pragma once

#include <string>

#include "model/config.h"
#include "model/run.h"

namespace tools {

std::string ChromeTrace(const model::RunResult& result, const model::ModelConfig& config);

}  // namespace tools
