#include "tools/report/trace_file.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "model/coordinator.h"
#include "model/messages.h"
#include "sim/simulation.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;
constexpr int kPid = 1;
constexpr int kClientTid = 1;
constexpr int kFaultTid = 2;
constexpr int kMigrationTid = 10;  // + migration id
constexpr int kShardTid = 1000;    // + migration id * 100000 + shard
constexpr int kProcessTid = 100;   // + process id

double Micros(sim::Time t) {
  return static_cast<double>(t) / 1000.0;
}

Json Meta(int tid, const std::string& name) {
  return Json{{"name", "thread_name"},
              {"ph", "M"},
              {"pid", kPid},
              {"tid", tid},
              {"args", {{"name", name}}}};
}

Json Span(const std::string& name, const char* category, int tid, sim::Time begin, sim::Time end) {
  return Json{{"name", name},
              {"cat", category},
              {"ph", "X"},
              {"pid", kPid},
              {"tid", tid},
              {"ts", Micros(begin)},
              {"dur", Micros(std::max<sim::Time>(0, end - begin))}};
}

Json Instant(const std::string& name, const char* category, int tid, sim::Time at,
             Json args = Json::object()) {
  return Json{{"name", name}, {"cat", category}, {"ph", "i"},        {"s", "t"},
              {"pid", kPid},  {"tid", tid},      {"ts", Micros(at)}, {"args", std::move(args)}};
}

}  // namespace

std::string ChromeTrace(const model::RunResult& r, const model::ModelConfig& config) {
  Json events = Json::array();
  events.push_back(
      Json{{"name", "process_name"},
           {"ph", "M"},
           {"pid", kPid},
           {"args", {{"name", fmt::format("cutover-sim {} seed {}", r.scenario, r.seed)}}}});
  events.push_back(Meta(kClientTid, "client writes"));
  events.push_back(Meta(kFaultTid, "faults"));
  for (std::size_t p = 0; p < r.process_names.size(); ++p) {
    events.push_back(Meta(kProcessTid + static_cast<int>(p), r.process_names[p]));
  }
  const sim::Time end = r.sim_time;
  // Phases and shard states: a span from each entry to the next.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<sim::Time, std::uint64_t>> shard_open;
  std::map<std::uint32_t, std::pair<sim::Time, std::uint64_t>> phase_open;
  std::map<std::uint32_t, sim::Time> fault_open;
  std::set<std::uint32_t> fault_over;
  std::map<std::uint32_t, std::string> migration_name;
  for (const sim::TraceRecord& t : r.trace) {
    using model::ModelRecord;
    if (t.kind == static_cast<std::uint32_t>(ModelRecord::kPhase)) {
      const int tid = kMigrationTid + static_cast<int>(t.subject);
      if (!migration_name.count(t.subject)) {
        migration_name[t.subject] = config.migrations.at(t.b).add_node;
        events.push_back(
            Meta(tid, fmt::format("migration {} (add {})", t.subject, migration_name[t.subject])));
      }
      if (auto open = phase_open.find(t.subject); open != phase_open.end()) {
        events.push_back(Span(model::PhaseName(static_cast<model::Phase>(open->second.second)),
                              "phase", tid, open->second.first, t.at));
      }
      phase_open[t.subject] = {t.at, t.a};
    } else if (t.kind == static_cast<std::uint32_t>(ModelRecord::kShardState)) {
      const int tid = kShardTid + static_cast<int>(t.subject) * 100000 + static_cast<int>(t.a);
      const auto key = std::make_pair(t.subject, static_cast<std::uint32_t>(t.a));
      if (auto open = shard_open.find(key); open != shard_open.end()) {
        events.push_back(
            Span(model::ShardStateName(static_cast<model::ShardState>(open->second.second)),
                 "shard", tid, open->second.first, t.at));
      } else {
        events.push_back(Meta(tid, fmt::format("migration {} shard s{}", t.subject, t.a)));
      }
      shard_open[key] = {t.at, t.b};
    } else if (t.kind == static_cast<std::uint32_t>(sim::EventKind::kFaultBegin) ||
               t.kind == static_cast<std::uint32_t>(sim::EventKind::kFaultEnd)) {
      // One span per fault, from its beginning to its end (the kernel's
      // fault index is the fault's place in config.faults). An end that came
      // first means the fault never began.
      const std::uint32_t source = t.subject;
      const bool begin = t.kind == static_cast<std::uint32_t>(sim::EventKind::kFaultBegin);
      const auto open = fault_open.find(source);
      if (!begin && open != fault_open.end()) {
        events.push_back(Span(model::FaultWords(config.faults.at(source)), "fault", kFaultTid,
                              open->second, t.at));
        fault_open.erase(open);
      }
      if (begin && !fault_over.contains(source)) fault_open[source] = t.at;
      if (!begin) fault_over.insert(source);
    } else if (t.kind == static_cast<std::uint32_t>(sim::KernelRecord::kCrash) ||
               t.kind == static_cast<std::uint32_t>(sim::KernelRecord::kRestart)) {
      const bool crash = t.kind == static_cast<std::uint32_t>(sim::KernelRecord::kCrash);
      events.push_back(Instant(crash ? "crash" : "restart", "process",
                               kProcessTid + static_cast<int>(t.subject), t.at));
    } else if (t.kind == static_cast<std::uint32_t>(ModelRecord::kCheckpoint)) {
      events.push_back(Instant(t.a == 0 ? "checkpoint cutover" : "checkpoint end", "loss",
                               kClientTid, t.at, Json{{"lost", t.b}}));
    } else if (t.kind == static_cast<std::uint32_t>(ModelRecord::kRefused)) {
      events.push_back(Instant("refused", "migration", kClientTid, t.at));
    }
  }
  for (const auto& [m, open] : phase_open) {
    const auto phase = static_cast<model::Phase>(open.second);
    if (phase == model::Phase::kComplete || phase == model::Phase::kFailed) {
      events.push_back(Instant(model::PhaseName(phase), "phase",
                               kMigrationTid + static_cast<int>(m), open.first));
    } else {
      events.push_back(Span(model::PhaseName(phase), "phase", kMigrationTid + static_cast<int>(m),
                            open.first, end));
    }
  }
  for (const auto& [key, open] : shard_open) {
    const int tid = kShardTid + static_cast<int>(key.first) * 100000 + static_cast<int>(key.second);
    events.push_back(Span(model::ShardStateName(static_cast<model::ShardState>(open.second)),
                          "shard", tid, open.first, end));
  }
  for (const auto& [source, begin] : fault_open) {
    const model::FaultConfig& f = config.faults.at(source);
    events.push_back(Span(model::FaultWords(f), "fault", kFaultTid, begin, end));
  }
  // Writes, aggregated per bucket of the timeline.
  for (std::size_t b = 0; b < r.timeline.size(); ++b) {
    const auto& bucket = r.timeline[b];
    events.push_back(Json{
        {"name", "writes"},
        {"ph", "C"},
        {"pid", kPid},
        {"tid", kClientTid},
        {"ts", Micros(static_cast<sim::Time>(b) * r.timeline_width)},
        {"args", {{"issued", bucket.issued}, {"acked", bucket.acked}, {"failed", bucket.failed}}}});
  }
  Json trace{{"traceEvents", std::move(events)}, {"displayTimeUnit", "ms"}};
  trace["otherData"] = {{"scenario", r.scenario},
                        {"seed", r.seed},
                        {"trace_hash", fmt::format("{:016x}", r.trace_hash)},
                        {"lost_at_cutover", r.at_cutover.lost},
                        {"lost", r.at_end.lost}};
  return trace.dump() + "\n";
}

void WriteEventLog(const model::RunResult& r, OutputFile& out) {
  static const char* kKernel[] = {"deliver", "timer", "fault_begin", "fault_end"};
  std::string line;
  for (const sim::TraceRecord& t : r.trace) {
    std::string kind;
    if (t.kind < 4) {
      kind = kKernel[t.kind];
    } else if (t.kind == static_cast<std::uint32_t>(sim::KernelRecord::kCrash)) {
      kind = "crash";
    } else if (t.kind == static_cast<std::uint32_t>(sim::KernelRecord::kRestart)) {
      kind = "restart";
    } else if (t.kind == static_cast<std::uint32_t>(sim::KernelRecord::kTrigger)) {
      kind = "trigger";
    } else {
      static const char* kModel[] = {"phase", "refused", "checkpoint", "shard_state"};
      kind = kModel[t.kind - sim::Trace::kModelKindFirst];
    }
    line = fmt::format("{{\"t\":{},\"kind\":\"{}\",\"subject\":{},\"a\":{},\"b\":{}", t.at, kind,
                       t.subject, t.a, t.b);
    // Names for what the numbers code: a phase, a shard's state, a process.
    if (kind == "phase") {
      line += fmt::format(",\"phase\":\"{}\"", model::PhaseName(static_cast<model::Phase>(t.a)));
    } else if (kind == "shard_state") {
      line += fmt::format(",\"state\":\"{}\"",
                          model::ShardStateName(static_cast<model::ShardState>(t.b)));
    } else if ((kind == "crash" || kind == "restart") && t.subject < r.process_names.size()) {
      line += fmt::format(",\"process\":\"{}\"", r.process_names[t.subject]);
    }
    line += "}\n";
    out.Write(line);
  }
  if (r.trace_truncated) out.Write("{\"truncated\":true}\n");
}

}  // namespace tools
