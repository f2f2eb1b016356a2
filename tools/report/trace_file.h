// tools/report/trace_file.h
//
// A run's trace for people: Chrome Trace Event JSON (opens in Perfetto and
// chrome://tracing). It keeps every phase, shard state and fault whole,
// aggregates writes into counters, and samples each node's applies, so a
// 1M-write run stays small. The event log of named events is
// tools/report/event_log.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/forensics.h"
#include "model/run.h"

namespace tools {

// What each node did, heard during the run: every failure (an error reply,
// a timeout, a write kept out by a newer stamp), and its applies and
// cleanup deletes sampled to at most about `per_node` per node (every
// stride-th, the stride doubling as the run goes on).
class NodeActivity : public model::EventSink {
 public:
  struct Mark {
    sim::Time at;
    model::NodeIndex node;
    model::DocId doc;
    std::uint64_t write;
    std::string_view what;
    bool sampled;  // an apply or a delete, thinned; else kept always
  };
  explicit NodeActivity(std::size_t per_node = 2000) : per_node_(per_node) {}
  void OnStep(model::DocId doc, const model::Step& step) override;
  void OnRecord(const sim::TraceRecord&) override {}
  const std::vector<std::vector<Mark>>& marks() const { return marks_; }  // by node

 private:
  void Add(const Mark& mark);
  std::size_t per_node_;
  std::vector<std::vector<Mark>> marks_;
  std::vector<std::uint64_t> seen_;    // sampled marks offered, by node
  std::vector<std::uint64_t> stride_;  // keep every stride-th, by node
  std::vector<std::size_t> sampled_;   // sampled marks kept, by node
};

// Tells two sinks the same run.
class TeeSink : public model::EventSink {
 public:
  TeeSink(model::EventSink* a, model::EventSink* b) : a_(a), b_(b) {}
  void OnStep(model::DocId doc, const model::Step& step) override {
    a_->OnStep(doc, step);
    b_->OnStep(doc, step);
  }
  void OnRecord(const sim::TraceRecord& record) override {
    a_->OnRecord(record);
    b_->OnRecord(record);
  }

 private:
  model::EventSink* a_;
  model::EventSink* b_;
};

std::string ChromeTrace(const model::RunResult& result, const model::ModelConfig& config,
                        const NodeActivity* activity = nullptr);

}  // namespace tools
