// model/run.h
//
// One run of the system under test, callable from C++ with a plain config:
// builds the kernel, the nodes, the orchestrator and the client, places the
// faults, runs to the horizon and returns the result record of SPEC.md. The
// loss figures come from the checker over the simulated stores; the
// coordinator's own counters are reported beside them, never instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/checker.h"
#include "model/config.h"
#include "sim/trace.h"

namespace model {

struct WriteOutcomes {
  std::uint64_t submitted = 0;
  std::uint64_t acked = 0;
  std::uint64_t failed = 0;
  std::uint64_t unknown = 0;  // no answer, or still pending at the horizon
};

struct MigrationOutcome {
  std::string node;
  std::string outcome;        // complete | refused | failed | unfinished
  std::string reason;
  std::string phase_reached;  // the last phase entered before failing, or the current one
};

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  std::string outcome;  // complete | refused | failed
  std::string reason;
  std::string phase_reached;
  std::vector<MigrationOutcome> migrations;
  WriteOutcomes writes;
  CheckpointResult at_cutover;
  CheckpointResult at_end;
  std::uint64_t migrated_docs = 0;
  std::uint64_t delta_docs = 0;
  std::uint64_t ae_repairs = 0;
  std::uint64_t ae_divergent = 0;
  std::uint64_t ae_passes = 0;
  Time drain_duration = 0;
  bool drain_timed_out = false;
  std::uint64_t stuck_failed = 0;
  std::uint64_t cdc_events = 0;
  std::uint64_t cdc_suppressed = 0;
  std::uint64_t cdc_anomalies = 0;
  std::uint64_t held_writes = 0;
  std::uint64_t rejected_writes = 0;
  Time sim_time = 0;
  std::uint64_t events = 0;
  std::uint64_t trace_hash = 0;
  std::vector<sim::TraceRecord> trace;  // when config.keep_trace
  bool trace_truncated = false;
  std::vector<std::string> process_names;
  // Client operations per time bucket (issued, and answered by outcome),
  // for plots: at most about 1000 buckets over the span of the workload.
  struct Bucket {
    std::uint64_t issued = 0;
    std::uint64_t acked = 0;
    std::uint64_t failed = 0;
  };
  Time timeline_width = 0;
  std::vector<Bucket> timeline;
};

// Trace kinds the model adds (beside the kernel's): subject = migration id.
enum class ModelRecord : std::uint32_t {
  kPhase = sim::Trace::kModelKindFirst,  // a = phase
  kRefused,
  kCheckpoint,  // a = 0 cutover, 1 end; b = lost
  kShardState,  // subject = migration id, a = shard, b = state
};

// Told now and then how far the run is (simulated time, and the horizon if
// it is a fixed time, else 0). It must not touch the run.
class ProgressObserver {
 public:
  virtual ~ProgressObserver() = default;
  virtual void OnProgress(Time now, Time horizon, std::uint64_t events) = 0;
};

// REQUIRES: config passed the loader's checks (names exist, values in range).
RunResult RunModel(const ModelConfig& config, ProgressObserver* progress = nullptr);

}  // namespace model
