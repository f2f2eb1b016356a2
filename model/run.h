// model/run.h
//
// One run of the system under test, callable from C++ with a plain config:
// builds the kernel, the nodes, the orchestrator and the client, places the
// faults, runs to the horizon and returns the result record (README.md,
// "Result record"). The loss figures come from the checker over the
// simulated stores; the coordinator's own counters are reported beside them,
// never instead.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/checker.h"
#include "model/config.h"
#include "model/counters.h"
#include "model/forensics.h"
#include "model/witness.h"
#include "sim/trace.h"

namespace model {

// How a run ended (README.md, "Result record": the field `outcome`).
enum class RunOutcome : std::uint8_t {
  kComplete,  // every migration completed
  kRefused,   // none failed, and a migration was refused before it began
  kFailed,    // a migration failed, or did not complete by the horizon
  kStuck,     // a drain that could not settle was retried until the limit
  kBudget,    // the run used up its event budget
};
inline constexpr std::array<std::string_view, 5> kRunOutcomeNames = {"complete", "refused",
                                                                     "failed", "stuck", "budget"};
static_assert(kRunOutcomeNames.size() == static_cast<std::size_t>(RunOutcome::kBudget) + 1);
inline std::string_view RunOutcomeName(RunOutcome outcome) {
  return kRunOutcomeNames[static_cast<std::size_t>(outcome)];
}
std::optional<RunOutcome> ParseRunOutcome(std::string_view name);

struct WriteOutcomes {
  std::uint64_t submitted = 0;
  std::uint64_t acked = 0;
  std::uint64_t failed = 0;
  std::uint64_t unknown = 0;  // no answer, or still pending at the horizon
};

struct MigrationOutcome {
  std::string node;
  std::string outcome;  // complete | refused | failed | unfinished
  std::string reason;
  std::string phase_reached;  // the last phase entered before failing, or the current one
};

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  RunOutcome outcome = RunOutcome::kComplete;
  std::string reason;
  std::string phase_reached;
  std::vector<MigrationOutcome> migrations;
  WriteOutcomes writes;
  CheckpointResult at_cutover;
  CheckpointResult at_end;
  CauseCounts causes{};  // of the losses and resurrections at the end, by cause
  RunCounters counters;
  CdcResult cdc;             // the checker's, over the change feed
  DestroyedCount destroyed;  // the witness's, white-box
  Exposure exposure;         // the witness's: unreadable stretches after an ack
  std::vector<ExposureGap> exposure_gaps;  // when config.keep_trace
  Time sim_time = 0;
  std::uint64_t events = 0;
  std::uint64_t trace_hash = 0;
  std::vector<sim::TraceRecord> trace;  // when config.keep_trace
  bool trace_truncated = false;
  std::vector<std::string> process_names;
  std::vector<std::string> node_names;  // by NodeIndex
  // Client operations per time bucket (issued, and answered by outcome),
  // for plots: at most about 1000 buckets over the span of the workload.
  struct Bucket {
    std::uint64_t issued = 0;
    std::uint64_t acked = 0;
    std::uint64_t failed = 0;
  };
  Time timeline_width = 0;
  std::vector<Bucket> timeline;
  // With config.watch_docs: their stories, and every operation on them.
  std::vector<DocStory> stories;
  std::vector<std::pair<OpIndex, Operation>> watched_ops;
};

// Trace kinds the model adds (beside the kernel's): subject = migration id.
enum class ModelRecord : std::uint32_t {
  kPhase = sim::Trace::kModelKindFirst,  // a = phase
  kRefused,
  kCheckpoint,  // subject = 0 cutover, 1 end; b = lost
  kShardState,  // subject = migration id, a = shard, b = state
  kStuck,       // subject = the migration's place in the config
};

// Told now and then how far the run is (simulated time, and the horizon if
// it is a fixed time, else 0). It must not touch the run.
class ProgressObserver {
 public:
  virtual ~ProgressObserver() = default;
  virtual void OnProgress(Time now, Time horizon, std::uint64_t events) = 0;
};

// REQUIRES: config passed the loader's checks (names exist, values in range).
// `events`, if given, hears every step of every document and every trace
// record as the run goes (the event log); it changes nothing of the run.
RunResult RunModel(const ModelConfig& config, ProgressObserver* progress = nullptr,
                   EventSink* events = nullptr);

}  // namespace model
