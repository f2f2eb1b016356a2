#include "tools/report/event_log.h"

#include <fmt/format.h>

#include <bit>

#include "model/coordinator.h"
#include "model/fault_kinds.h"
#include "model/run.h"
#include "model/run_size.h"
#include "sim/event_queue.h"
#include "sim/simulation.h"

namespace tools {
namespace {

using model::StepKind;


std::string_view OutcomeName(std::uint64_t outcome) {
  switch (static_cast<model::Outcome>(outcome)) {
    case model::Outcome::kPending: return "pending";
    case model::Outcome::kAcked: return "acked";
    case model::Outcome::kFailed: return "failed";
    case model::Outcome::kUnknown: return "unknown";
  }
  return "?";
}

// A JSON string of text (names and keys: escaped as JSON wants).
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

EventLogWriter::EventLogWriter(const model::ModelConfig& config, OutputFile& out,
                               EventLogOptions options)
    : config_(config),
      out_(out),
      options_(options),
      keys_(config.workload.key_space, config.cluster.shards, 0, config.workload.key_list) {
  node_names_ = NodeNames(config);
}

void EventLogWriter::Line(const std::string& line) {
  if (stopped_) return;
  if (lines_ >= options_.max_lines) {
    stopped_ = true;
    return;
  }
  ++lines_;
  out_.Write(line);
}

std::string EventLogWriter::Node(model::NodeIndex node) const {
  return Quoted(node < node_names_.size() ? node_names_[node] : fmt::format("node-{}", node));
}

std::string EventLogWriter::Nodes(model::NodeMask mask) const {
  std::string out = "[";
  for (; mask != 0; mask &= mask - 1) {
    if (out.size() > 1) out += ",";
    out += Node(static_cast<model::NodeIndex>(std::countr_zero(mask)));
  }
  return out + "]";
}

void EventLogWriter::OnStep(model::DocId doc, const model::Step& s) {
  if (stopped_) return;
  if (options_.doc && doc != model::EventSink::kNoDoc && doc != *options_.doc) return;
  std::string line = fmt::format("{{\"t_ns\":{},\"event\":", s.at);
  const std::string d =
      doc == model::EventSink::kNoDoc ? "" : fmt::format(",\"doc\":{}", Quoted(keys_.Key(doc)));
  const std::uint64_t op_write = model::WriteId(s.op);
  switch (s.kind) {
    case StepKind::kSent:
      line += fmt::format("\"write_sent\"{},\"write\":{},\"nodes\":{},\"owners\":{},\"tracked\":{}",
                          d, op_write, Nodes(s.nodes), Nodes(s.owners), s.flag);
      break;
    case StepKind::kHeld: line += fmt::format("\"write_held\"{},\"write\":{}", d, op_write); break;
    case StepKind::kRejected:
      line += fmt::format("\"write_rejected\"{},\"write\":{}", d, op_write);
      break;
    case StepKind::kAnswer:
      line += fmt::format("\"node_answer\",\"node\":{}{},\"write\":{},\"result\":\"{}\"",
                          Node(s.node), d, op_write,
                          s.flag ? "ok" : s.timed_out ? "timeout" : "error");
      break;
    case StepKind::kOutcome:
      line += fmt::format("\"write_outcome\"{},\"write\":{},\"result\":\"{}\"", d, op_write,
                          OutcomeName(s.value));
      break;
    case StepKind::kApplied:
    case StepKind::kNotApplied:
      line += fmt::format(
          "\"node_apply\",\"node\":{}{},\"write\":{},\"origin\":\"{}\",\"result\":\"{}\","
          "\"before\":{}",
          Node(s.node), d, s.write, model::OriginName(s.origin),
          s.kind == StepKind::kApplied ? "applied" : "kept_newer", s.before);
      break;
    case StepKind::kDeleted:
      line += fmt::format("\"node_delete\",\"node\":{}{},\"by\":\"{}\",\"write\":{},\"before\":{}",
                          Node(s.node), d, s.write == 0 ? "cleanup" : "client", s.write, s.before);
      break;
    case StepKind::kCopyRead:
      line += fmt::format("\"copy_read\",\"node\":{}{},\"write\":{},\"delta\":{}", Node(s.node), d,
                          s.write, s.flag);
      break;
    case StepKind::kDeltaCandidate: line += fmt::format("\"delta_candidate\"{}", d); break;
    case StepKind::kDrained: line += fmt::format("\"drain_done\"{}", d); break;
    case StepKind::kTrackingCleared: line += "\"inflight_cleared\""; break;
    case StepKind::kRerouted:
      line += fmt::format("\"owners_changed\"{},\"owners\":{}", d, Nodes(s.nodes));
      break;
    case StepKind::kDestroyed:
      line += fmt::format("\"write_destroyed\"{},\"write\":{}", d, s.write);
      break;
    case StepKind::kAntiEntropy:
      line += fmt::format("\"anti_entropy_pass\"{},\"compared\":{}", d, s.flag);
      break;
    case StepKind::kCheckpoint:
      line += fmt::format("\"checkpoint_holds\",\"node\":{}{},\"write\":{}", Node(s.node), d,
                          s.write);
      break;
  }
  Line(line + "}\n");
}

std::vector<std::string> NodeNames(const model::ModelConfig& config) {
  std::vector<std::string> names;
  for (const model::NodeSlot& node : model::Nodes(config)) names.push_back(node.name);
  return names;
}

std::string RecordFields(const model::ModelConfig& config, const std::vector<std::string>& nodes,
                         const sim::TraceRecord& t) {
  const auto kind = [](auto k) { return static_cast<std::uint32_t>(k); };
  const auto process = [&](std::uint32_t id) {
    if (id == 0) return Quoted("orchestrator");
    if (id - 1 < nodes.size()) return Quoted(nodes[id - 1]);
    return Quoted("client");
  };
  if (t.kind == kind(sim::EventKind::kDeliver) || t.kind == kind(sim::EventKind::kTimer)) {
    return fmt::format("\"event\":\"{}\",\"process\":{},\"arg\":{}",
                       t.kind == kind(sim::EventKind::kDeliver) ? "deliver" : "timer",
                       process(t.subject), t.a);
  }
  if (t.kind == kind(sim::EventKind::kFaultBegin) || t.kind == kind(sim::EventKind::kFaultEnd)) {
    const std::string what = t.subject < config.faults.size()
                                 ? model::FaultWords(config.faults[t.subject])
                                 : fmt::format("fault {}", t.subject);
    return fmt::format("\"event\":\"{}\",\"fault\":{},\"index\":{}",
                       t.kind == kind(sim::EventKind::kFaultBegin) ? "fault_begin" : "fault_end",
                       Quoted(what), t.subject);
  }
  if (t.kind == kind(sim::KernelRecord::kCrash) || t.kind == kind(sim::KernelRecord::kRestart)) {
    return fmt::format("\"event\":\"{}\",\"process\":{}",
                       t.kind == kind(sim::KernelRecord::kCrash) ? "crash" : "restart",
                       process(t.subject));
  }
  if (t.kind == kind(sim::KernelRecord::kTrigger)) {
    return fmt::format("\"event\":\"trigger\",\"index\":{}", t.subject);
  }
  if (t.kind == kind(model::ModelRecord::kPhase)) {
    return fmt::format("\"event\":\"phase\",\"migration\":{},\"phase\":\"{}\"", t.subject,
                       model::PhaseName(static_cast<model::Phase>(t.a)));
  }
  if (t.kind == kind(model::ModelRecord::kShardState)) {
    return fmt::format(
        "\"event\":\"shard_state\",\"migration\":{},\"shard\":{},\"state\":\"{}\"", t.subject,
        t.a, model::ShardStateName(static_cast<model::ShardState>(t.b)));
  }
  if (t.kind == kind(model::ModelRecord::kCheckpoint)) {
    return fmt::format("\"event\":\"checkpoint\",\"kind\":\"{}\",\"lost\":{}",
                       t.subject == 0 ? "cutover" : "end", t.b);
  }
  if (t.kind == kind(model::ModelRecord::kRefused)) {
    return fmt::format("\"event\":\"refused\",\"migration\":{}", t.subject);
  }
  if (t.kind == kind(model::ModelRecord::kStuck)) {
    return fmt::format("\"event\":\"stuck\",\"migration\":{}", t.subject);
  }
  return fmt::format("\"event\":\"record\",\"kind\":{},\"subject\":{},\"a\":{},\"b\":{}",
                     t.kind, t.subject, t.a, t.b);
}

void EventLogWriter::OnRecord(const sim::TraceRecord& t) {
  if (stopped_) return;
  const bool kernel = t.kind == static_cast<std::uint32_t>(sim::EventKind::kDeliver) ||
                      t.kind == static_cast<std::uint32_t>(sim::EventKind::kTimer);
  if (kernel && !options_.kernel) return;
  Line(fmt::format("{{\"t_ns\":{},{}}}\n", t.at, RecordFields(config_, node_names_, t)));
}

}  // namespace tools
