// tools/report/trace_file.h
//
// A run's trace for people: Chrome Trace Event JSON (opens in Perfetto and
// chrome://tracing) and the raw ordered event log (one JSON object per line).
// The Chrome trace keeps every phase, shard state and fault whole and
// aggregates writes into counters, so a 1M-write run stays small. The event
// log is every kept kernel and model record; the kernel bounds how many.
#pragma once

#include <string>

#include "model/config.h"
#include "model/run.h"
#include "tools/experiment/output_file.h"

namespace tools {

std::string ChromeTrace(const model::RunResult& result, const model::ModelConfig& config);
void WriteEventLog(const model::RunResult& result, OutputFile& out);

}  // namespace tools
