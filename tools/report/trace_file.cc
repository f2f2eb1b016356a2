#include "tools/report/trace_file.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "model/coordinator.h"
#include "model/keyspace.h"
#include "model/messages.h"
#include "sim/simulation.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;
constexpr int kPid = 1;
constexpr int kClientTid = 1;
constexpr int kLossTid = 2;
constexpr int kMigrationTid = 10;  // + migration id
constexpr int kShardTid = 1000;    // + migration id * 100000 + shard
constexpr int kProcessTid = 100;   // + process id
// A track of its own per fault (counting down from here), so that no two
// fault slices share a track and none can overlap.
constexpr int kFaultTid = 2'000'000'000;
// Lost documents drawn as instants, at most this many (the count is in args).
constexpr std::size_t kLossInstantsMax = 1000;

int FaultTid(std::uint32_t fault) {
  return kFaultTid - static_cast<int>(fault);
}

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

// Turns the kept trace records into Chrome trace events: a span from each
// phase, shard state or fault to the next change, instants for crashes,
// restarts, refusals and checkpoints.
class ChromeTraceBuilder {
 public:
  ChromeTraceBuilder(const model::RunResult& r, const model::ModelConfig& config,
                     const NodeActivity* activity)
      : r_(r), config_(config), activity_(activity) {}

  Json Build() {
    Header();
    for (const sim::TraceRecord& t : r_.trace) Add(t);
    CloseOpenSpans();
    WriteCounters();
    WriteLosses();
    WriteNodeActivity();
    Json trace{{"traceEvents", std::move(events_)}, {"displayTimeUnit", "ms"}};
    trace["otherData"] = {{"scenario", r_.scenario},
                          {"seed", r_.seed},
                          {"trace_hash", fmt::format("{:016x}", r_.trace_hash)},
                          {"lost_at_cutover", r_.at_cutover.lost},
                          {"lost", r_.at_end.lost}};
    return trace;
  }

 private:
  static constexpr std::uint32_t Kind(auto kind) { return static_cast<std::uint32_t>(kind); }
  static int ShardTid(std::uint32_t migration, std::uint32_t shard) {
    return kShardTid + static_cast<int>(migration) * 100000 + static_cast<int>(shard);
  }

  void Header() {
    events_.push_back(
        Json{{"name", "process_name"},
             {"ph", "M"},
             {"pid", kPid},
             {"args", {{"name", fmt::format("cutover-sim {} seed {}", r_.scenario, r_.seed)}}}});
    events_.push_back(Meta(kClientTid, "client writes"));
    events_.push_back(Meta(kLossTid, "lost documents"));
    for (std::size_t p = 0; p < r_.process_names.size(); ++p) {
      events_.push_back(Meta(kProcessTid + static_cast<int>(p), r_.process_names[p]));
    }
  }

  void Add(const sim::TraceRecord& t) {
    using model::ModelRecord;
    if (t.kind == Kind(ModelRecord::kPhase)) {
      Phase(t);
    } else if (t.kind == Kind(ModelRecord::kShardState)) {
      ShardState(t);
    } else if (t.kind == Kind(sim::EventKind::kFaultBegin) ||
               t.kind == Kind(sim::EventKind::kFaultEnd)) {
      Fault(t.subject, t.kind == Kind(sim::EventKind::kFaultBegin), t.at);
    } else if (t.kind == Kind(sim::KernelRecord::kCrash) ||
               t.kind == Kind(sim::KernelRecord::kRestart)) {
      const bool crash = t.kind == Kind(sim::KernelRecord::kCrash);
      events_.push_back(Instant(crash ? "crash" : "restart", "process",
                                kProcessTid + static_cast<int>(t.subject), t.at));
    } else if (t.kind == Kind(ModelRecord::kCheckpoint)) {
      events_.push_back(Instant(t.subject == 0 ? "checkpoint cutover" : "checkpoint end", "loss",
                                kClientTid, t.at, Json{{"lost", t.b}}));
    } else if (t.kind == Kind(ModelRecord::kRefused)) {
      events_.push_back(Instant("refused", "migration", kClientTid, t.at));
    }
  }

  // subject = migration id, a = phase, b = the migration's place in the config.
  void Phase(const sim::TraceRecord& t) {
    const int tid = kMigrationTid + static_cast<int>(t.subject);
    if (named_migrations_.insert(t.subject).second) {
      events_.push_back(Meta(tid, fmt::format("migration {} (add {})", t.subject,
                                              config_.migrations.at(t.b).add_node)));
    }
    if (auto open = phase_open_.find(t.subject); open != phase_open_.end()) {
      events_.push_back(Span(model::PhaseName(static_cast<model::Phase>(open->second.second)),
                             "phase", tid, open->second.first, t.at));
    }
    phase_open_[t.subject] = {t.at, t.a};
  }

  // subject = migration id, a = shard, b = state.
  void ShardState(const sim::TraceRecord& t) {
    const auto key = std::make_pair(t.subject, static_cast<std::uint32_t>(t.a));
    const int tid = ShardTid(key.first, key.second);
    if (auto open = shard_open_.find(key); open != shard_open_.end()) {
      events_.push_back(
          Span(model::ShardStateName(static_cast<model::ShardState>(open->second.second)), "shard",
               tid, open->second.first, t.at));
    } else {
      events_.push_back(Meta(tid, fmt::format("migration {} shard s{}", t.subject, t.a)));
    }
    shard_open_[key] = {t.at, t.b};
  }

  // One span per fault, from its beginning to its end (the kernel's fault
  // index is the fault's place in config.faults). An end that came first
  // means the fault never began.
  void Fault(std::uint32_t fault, bool begin, sim::Time at) {
    const auto open = fault_open_.find(fault);
    if (!begin && open != fault_open_.end()) {
      events_.push_back(Span(model::FaultWords(config_.faults.at(fault)), "fault",
                             FaultTid(fault), open->second, at));
      fault_open_.erase(open);
    }
    if (begin && !fault_over_.contains(fault)) {
      fault_open_[fault] = at;
      if (named_faults_.insert(fault).second) {
        events_.push_back(Meta(FaultTid(fault), fmt::format("fault {}: {}", fault,
                                                            model::FaultWords(config_.faults.at(fault)))));
      }
    }
    if (!begin) fault_over_.insert(fault);
  }

  // What is still open at the end of the run ends there (a final phase is an instant).
  void CloseOpenSpans() {
    const sim::Time end = r_.sim_time;
    for (const auto& [m, open] : phase_open_) {
      const auto phase = static_cast<model::Phase>(open.second);
      const int tid = kMigrationTid + static_cast<int>(m);
      if (phase == model::Phase::kComplete || phase == model::Phase::kFailed) {
        events_.push_back(Instant(model::PhaseName(phase), "phase", tid, open.first));
      } else {
        events_.push_back(Span(model::PhaseName(phase), "phase", tid, open.first, end));
      }
    }
    for (const auto& [key, open] : shard_open_) {
      events_.push_back(Span(model::ShardStateName(static_cast<model::ShardState>(open.second)),
                             "shard", ShardTid(key.first, key.second), open.first, end));
    }
    for (const auto& [fault, begin] : fault_open_) {
      events_.push_back(
          Span(model::FaultWords(config_.faults.at(fault)), "fault", FaultTid(fault), begin, end));
    }
  }

  static Json Counter(const char* name, sim::Time at, Json args) {
    return Json{{"name", name}, {"ph", "C"},        {"pid", kPid},
                {"tid", kClientTid}, {"ts", Micros(at)}, {"args", std::move(args)}};
  }

  // Writes, aggregated per bucket of the timeline, and those the client has
  // no answer for yet (in flight).
  void WriteCounters() {
    std::int64_t in_flight = 0;
    for (std::size_t b = 0; b < r_.timeline.size(); ++b) {
      const auto& bucket = r_.timeline[b];
      const sim::Time at = static_cast<sim::Time>(b) * r_.timeline_width;
      events_.push_back(Counter("writes", at,
                                {{"issued", bucket.issued},
                                 {"acked", bucket.acked},
                                 {"failed", bucket.failed}}));
      in_flight += static_cast<std::int64_t>(bucket.issued) -
                   static_cast<std::int64_t>(bucket.acked + bucket.failed);
      events_.push_back(Counter("writes in flight", at, {{"writes", in_flight}}));
    }
  }

  // Documents unreadable after an acknowledged write, over time (the
  // witness's gaps), and an instant where each permanent loss began.
  void WriteLosses() {
    std::map<sim::Time, std::int64_t> change;
    std::size_t instants = 0;
    const model::Keyspace keys(config_.workload.key_space, config_.cluster.shards, 0,
                               config_.workload.key_list);
    std::map<model::DocId, model::LossCause> causes;
    for (const model::LostDoc& lost : r_.at_end.lost_docs) causes.emplace(lost.doc, lost.cause);
    for (const model::ExposureGap& gap : r_.exposure_gaps) {
      change[gap.from] += 1;
      if (gap.until != sim::kTimeMax) change[gap.until] -= 1;
      if (gap.until == sim::kTimeMax && instants++ < kLossInstantsMax) {
        const auto cause = causes.find(gap.doc);
        events_.push_back(Instant(
            fmt::format("lost {}", keys.Key(gap.doc)), "loss", kLossTid, gap.from,
            Json{{"write", gap.write},
                 {"cause", cause == causes.end() ? "" : model::LossCauseName(cause->second)}}));
      }
    }
    std::int64_t missing = 0;
    events_.push_back(Counter("documents missing", 0, {{"documents", 0}}));
    for (const auto& [at, delta] : change) {
      missing += delta;
      events_.push_back(Counter("documents missing", at, {{"documents", missing}}));
    }
  }

  // Each node's marks, on the node's own track (process n + 1).
  void WriteNodeActivity() {
    if (activity_ == nullptr) return;
    const model::Keyspace keys(config_.workload.key_space, config_.cluster.shards, 0,
                               config_.workload.key_list);
    for (std::size_t n = 0; n < activity_->marks().size(); ++n) {
      const int tid = kProcessTid + 1 + static_cast<int>(n);
      for (const NodeActivity::Mark& m : activity_->marks()[n]) {
        events_.push_back(Instant(std::string(m.what), m.sampled ? "node" : "node failure", tid,
                                  m.at, Json{{"doc", keys.Key(m.doc)}, {"write", m.write}}));
      }
    }
  }

  const model::RunResult& r_;
  const model::ModelConfig& config_;
  const NodeActivity* activity_;
  Json events_ = Json::array();
  // (time it began, phase or state) of what is open now.
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::pair<sim::Time, std::uint64_t>>
      shard_open_;
  std::map<std::uint32_t, std::pair<sim::Time, std::uint64_t>> phase_open_;
  std::map<std::uint32_t, sim::Time> fault_open_;
  std::set<std::uint32_t> fault_over_;
  std::set<std::uint32_t> named_faults_;
  std::set<std::uint32_t> named_migrations_;
};

}  // namespace

void NodeActivity::Add(const Mark& mark) {
  if (marks_.size() <= mark.node) {
    marks_.resize(mark.node + 1);
    seen_.resize(mark.node + 1, 0);
    stride_.resize(mark.node + 1, 1);
    sampled_.resize(mark.node + 1, 0);
  }
  std::vector<Mark>& marks = marks_[mark.node];
  if (mark.sampled) {
    if (seen_[mark.node]++ % stride_[mark.node] != 0) return;
    if (sampled_[mark.node] >= per_node_) {  // thin: every other sampled mark goes
      stride_[mark.node] *= 2;
      std::size_t kept = 0;
      std::size_t index = 0;  // among the sampled marks
      for (const Mark& m : marks) {
        if (m.sampled && index++ % 2 == 1) continue;
        marks[kept++] = m;
      }
      marks.resize(kept);
      sampled_[mark.node] = (sampled_[mark.node] + 1) / 2;
    }
    ++sampled_[mark.node];
  }
  marks.push_back(mark);
}

void NodeActivity::OnStep(model::DocId doc, const model::Step& s) {
  using model::StepKind;
  switch (s.kind) {
    case StepKind::kApplied:
      Add({s.at, s.node, doc, s.write,
           s.origin == model::Origin::kClient      ? "apply write"
           : s.origin == model::Origin::kMigration ? "apply copy"
                                                    : "apply repair",
           true});
      return;
    case StepKind::kNotApplied:
      Add({s.at, s.node, doc, s.write, "kept a newer stamp", false});
      return;
    case StepKind::kDeleted:
      Add({s.at, s.node, doc, s.before, s.write == 0 ? "cleanup delete" : "delete", true});
      return;
    case StepKind::kAnswer:
      if (!s.flag) {
        Add({s.at, s.node, doc, model::WriteId(s.op), s.timed_out ? "no answer" : "write failed",
             false});
      }
      return;
    default:
      return;
  }
}

std::string ChromeTrace(const model::RunResult& r, const model::ModelConfig& config,
                        const NodeActivity* activity) {
  return ChromeTraceBuilder(r, config, activity).Build().dump() + "\n";
}

}  // namespace tools
