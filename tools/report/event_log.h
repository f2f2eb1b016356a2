// tools/report/event_log.h
//
// `run --events FILE.jsonl`: the run as named events, one JSON object per
// line, written while the run goes (no event is kept in memory):
//   {"t_ns":1234,"event":"node_apply","node":"new-1","doc":"doc-0042",
//    "write":17,"origin":"client","result":"applied","before":3}
// Events: write_sent, write_held, write_rejected, node_answer, write_outcome,
// node_apply, node_delete, copy_read, delta_candidate, drain_done,
// inflight_cleared, owners_changed, write_destroyed, anti_entropy_pass;
// from the trace: phase, shard_state, fault_begin, fault_end, crash,
// restart, trigger, refused, stuck, checkpoint; with kernel lines also
// deliver and timer. `doc` limits the document events to one document (the
// others stay); `max_lines` stops the log there, and stopped() says so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/forensics.h"
#include "model/keyspace.h"
#include "tools/experiment/output_file.h"

namespace tools {

// The run's node names, by NodeIndex (its process id - 1).
std::vector<std::string> NodeNames(const model::ModelConfig& config);
// A trace record as the log's fields, without braces or time:
// "\"event\":\"phase\",\"migration\":0,\"phase\":\"cutover_begin\"".
std::string RecordFields(const model::ModelConfig& config, const std::vector<std::string>& nodes,
                         const sim::TraceRecord& record);

struct EventLogOptions {
  std::optional<model::DocId> doc;
  bool kernel = false;
  std::uint64_t max_lines = UINT64_MAX;
};

class EventLogWriter : public model::EventSink {
 public:
  // Node and process names come from the run's configuration order.
  EventLogWriter(const model::ModelConfig& config, OutputFile& out, EventLogOptions options);

  void OnStep(model::DocId doc, const model::Step& step) override;
  void OnRecord(const sim::TraceRecord& record) override;

  std::uint64_t lines() const { return lines_; }
  bool stopped() const { return stopped_; }

 private:
  void Line(const std::string& line);
  std::string Nodes(model::NodeMask mask) const;
  std::string Node(model::NodeIndex node) const;

  const model::ModelConfig& config_;
  OutputFile& out_;
  EventLogOptions options_;
  model::Keyspace keys_;
  std::vector<std::string> node_names_;
  std::uint64_t lines_ = 0;
  bool stopped_ = false;
};

}  // namespace tools
