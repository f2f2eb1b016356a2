#include "model/run.h"

#include <algorithm>
#include <memory>
#include <variant>

#include "model/cause_tracker.h"
#include "model/coordinator.h"
#include "model/node.h"
#include "model/orchestrator.h"
#include "model/routing.h"
#include "model/run_size.h"
#include "model/workload.h"
#include "sim/check.h"
#include "sim/simulation.h"

namespace model {
namespace {

constexpr Time kPhaseHorizonCap = 30 * 24 * sim::kHour;  // a phase horizon that never comes

class Run : public PhaseListener, public sim::FaultListener {
 public:
  Run(const ModelConfig& config, EventSink* events)
      : config_(config),
        sim_(KernelConfigFor(config)),
        keys_(config.workload.key_space, config.cluster.shards, DocumentsMax(config),
              config.workload.key_list),
        world_(sim_, config, keys_, history_),
        inflight_(config.migrations.empty() ? DrainSettle::kCount
                                            : config.migrations[0].coordinator.drain_settle),
        coordinator_(config.cluster.shards, inflight_, *this),
        client_(world_) {
    for (int p = 0; p < kPhaseCount; ++p) {
      sim_.DefineTrigger(std::string("phase:") + PhaseName(static_cast<Phase>(p)));
    }
    BuildNodes();
    WorkloadDocs();
    orchestrator_ = std::make_unique<Orchestrator>(world_, coordinator_, inflight_, client_, *this);
    world_.orchestrator = sim_.AddProcess("orchestrator", orchestrator_.get());
    world_.node_of_process.assign(1, World::kNoNode);
    for (NodeIndex n = 0; n < world_.node_names.size(); ++n) {
      nodes_.push_back(std::make_unique<Node>(world_, n));
      world_.node_process.push_back(sim_.AddProcess(world_.node_names[n], nodes_.back().get()));
      world_.node_of_process.push_back(n);
    }
    std::vector<const NodeStore*> stores;
    for (const auto& node : nodes_) stores.push_back(&node->store());
    causes_.set_stores(stores);
    witness_ = std::make_unique<Witness>(world_, std::move(stores));
    world_.witness = witness_.get();
    if (events != nullptr) sim_.trace().Observe(events);
    forensics_ = std::make_unique<Forensics>(config.watch_docs, events, &causes_);
    world_.forensics = forensics_.get();
    world_.client = sim_.AddProcess("client", &client_);
    world_.node_of_process.push_back(World::kNoNode);
    client_.set_orchestrator(orchestrator_.get());
    for (std::uint32_t m = 0; m < config.migrations.size(); ++m) {
      orchestrator_->AddMigration(m, NodeOf(config.migrations[m].add_node));
    }
    last_phase_.assign(config.migrations.size(), std::nullopt);
    refused_.assign(config.migrations.size(), std::string());
    stuck_.assign(config.migrations.size(), std::string());
    sim_.set_fault_listener(this);
  }

  RunResult Execute(ProgressObserver* progress);

  void OnPhase(const MigrationRecord& m) override;
  void OnRefused(std::uint32_t source, const std::string& reason) override;
  void OnStuck(std::uint32_t source, const std::string& reason) override;
  void OnShardState(const MigrationRecord& m, std::uint32_t shard) override {
    sim_.trace().Fold(sim_.now(), static_cast<std::uint32_t>(ModelRecord::kShardState), m.id, shard,
                      static_cast<std::uint64_t>(m.shards[shard]));
  }
  void OnFaultBegin(std::uint32_t fault, std::uint64_t tag) override;
  void OnFaultEnd(std::uint32_t fault, std::uint64_t tag) override;

 private:
  NodeIndex NodeOf(const std::string& name) const {
    for (NodeIndex n = 0; n < world_.node_names.size(); ++n) {
      if (world_.node_names[n] == name) return n;
    }
    SIM_UNREACHABLE("unknown node {} (the loader checks names)", name);
  }
  sim::ProcessId ProcessOf(const std::string& name) const {
    const auto found = sim_.FindProcess(name);
    SIM_ASSERT(found.has_value(), "unknown process {}", name);
    return *found;
  }
  void BuildNodes();
  void WorkloadDocs();
  void Preload();
  struct FaultPlacer;
  void PlaceFaults();
  // The kernel's fault index is the fault's index in config_.faults.
  void AddFault(sim::FaultSpec spec, std::uint32_t source) {
    const std::uint32_t index = sim_.AddFault(std::move(spec));
    SIM_ASSERT(index == source, "kernel fault {} for configured fault {}", index, source);
  }
  void Timeline(RunResult& r) const;
  struct Parts;
  Parts PartsOf(std::uint32_t source) const;
  void MaybeCutoverCheckpoint();
  CheckpointResult Check(std::uint64_t which);  // 0 at cutover, 1 at the end
  // What each owner of the document's shard holds, as checkpoint steps.
  std::vector<Step> Holdings(DocId doc, std::uint64_t which) const;
  RunResult Result();
  void Outcomes(RunResult& r) const;

  const ModelConfig& config_;
  sim::Simulation sim_;
  Keyspace keys_;
  History history_;
  World world_;
  InFlight inflight_;
  Coordinator coordinator_;
  Client client_;
  std::unique_ptr<Orchestrator> orchestrator_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::unique_ptr<Witness> witness_;
  CauseTracker causes_{history_};
  std::unique_ptr<Forensics> forensics_;
  std::vector<std::optional<Phase>> last_phase_;  // by source: last phase before any failure
  std::vector<std::string> refused_;              // by source: the refusal, if any
  std::vector<std::string> stuck_;                // by source: why its driver gave up, if it did
  std::vector<Phase> phases_;                     // by migration id: the phase it is in
  CheckpointResult at_cutover_;
  bool out_of_budget_ = false;  // run.max_events ended the run
};

void Run::BuildNodes() {
  const ClusterConfig& c = config_.cluster;
  for (const NodeSlot& node : Nodes(config_)) {
    world_.node_names.push_back(node.name);
    world_.node_group.push_back(node.group);
  }
  SIM_ASSERT(world_.node_names.size() <= config_.limits.nodes_max, "nodes={}",
             world_.node_names.size());
  for (std::uint32_t shard = 0; shard < c.shards; ++shard) {
    std::uint32_t first = 0;
    for (std::uint32_t g = 0; g < c.groups.size(); ++g) {
      std::vector<NodeIndex>& owners = world_.routes.owners(shard, g);
      if (shard < c.placement.size()) {  // pinned by the scenario
        for (const std::string& name : c.placement[shard]) {
          const NodeIndex n = NodeOf(name);
          if (world_.node_group[n] == g) owners.push_back(n);
        }
      }
      if (owners.empty()) {
        for (const std::uint32_t i : OwnersInGroup(shard, c.groups[g], c.replication_factor)) {
          owners.push_back(first + i);
        }
      }
      first += static_cast<std::uint32_t>(c.groups[g].size());
    }
  }
}

// The documents of workload.shards, in id order (none listed: all, and the
// list stays empty).
void Run::WorkloadDocs() {
  if (!config_.workload.shards.empty()) world_.workload_docs = keys_.AllOf(config_.workload.shards);
}

void Run::Preload() {
  const std::vector<DocId>& docs = world_.workload_docs;
  const std::uint64_t preload =
      std::min(config_.workload.preload, docs.empty() ? keys_.size() : docs.size());
  history_.ops.reserve(preload + config_.workload.writes + 1024);
  for (std::uint64_t i = 0; i < preload; ++i) {
    const DocId doc = docs.empty() ? keys_.ByRank(i) : docs[i];
    Operation op{doc, keys_.shard(doc), OpKind::kPut, Outcome::kAcked};
    op.preload = true;
    op.answered_at = 0;
    history_.ops.push_back(op);
    const Version version{0, WriteId(history_.ops.size() - 1)};
    const NodeMask owners = world_.routes.AllOwners(op.shard);
    for (NodeIndex n = 0; n < nodes_.size(); ++n) {
      if ((owners & Bit(n)) == 0) continue;
      nodes_[n]->store().Put(doc, version);
      witness_->Put(n, doc, op.shard, version.write, 0);
    }
  }
}

// Places one fault of each kind; a kind missing here does not compile.
struct Run::FaultPlacer {
  Run& run;
  std::uint32_t index;

  sim::TimePoint At(const TimePointConfig& point) const { return run.world_.TimePointOf(point); }
  void operator()(const WriteFailure& f) const {
    std::optional<sim::TimePoint> until;
    if (f.until.has_value()) until = At(*f.until);
    run.AddFault(sim::FaultSpec::CustomUntil(At(f.from), until, index), index);
  }
  void operator()(const ClockSkew& f) const {
    run.AddFault(sim::FaultSpec::Custom(At(f.at), f.duration, index), index);
  }
  void operator()(const Partition& f) const {
    std::vector<sim::ProcessId> a;
    std::vector<sim::ProcessId> b;
    for (const std::string& name : f.side_a) a.push_back(run.ProcessOf(name));
    for (const std::string& name : f.side_b) b.push_back(run.ProcessOf(name));
    run.AddFault(sim::FaultSpec::Partition(At(f.at), f.duration, a, b), index);
  }
  void operator()(const Crash& f) const {
    run.AddFault(sim::FaultSpec::Crash(At(f.at), f.restart_after, run.ProcessOf(f.target)), index);
  }
  void operator()(const Slow& f) const {
    run.AddFault(
        sim::FaultSpec::Slow(At(f.at), f.duration, run.ProcessOf(f.node), f.latency_factor), index);
  }
  void operator()(const Stall& f) const {
    run.AddFault(sim::FaultSpec::Stall(At(f.at), f.duration, run.ProcessOf(f.node)), index);
  }
};

void Run::PlaceFaults() {
  for (std::uint32_t i = 0; i < config_.faults.size(); ++i) {
    std::visit(FaultPlacer{*this, i}, config_.faults[i]);
  }
}

// Custom faults carry their index in config_.faults as their tag.
void Run::OnFaultBegin(std::uint32_t, std::uint64_t tag) {
  const auto source = static_cast<std::uint32_t>(tag);
  const FaultConfig& fault = config_.faults[source];
  if (const auto* skew = std::get_if<ClockSkew>(&fault)) {
    world_.clock_skew += skew->offset;
    return;
  }
  const auto* failure = std::get_if<WriteFailure>(&fault);
  SIM_ASSERT(failure != nullptr, "custom fault of kind {}", fault.index());
  nodes_[NodeOf(failure->node)]->BeginWriteFailure(source, *failure);
}

void Run::OnFaultEnd(std::uint32_t, std::uint64_t tag) {
  const auto source = static_cast<std::uint32_t>(tag);
  const FaultConfig& fault = config_.faults[source];
  if (const auto* skew = std::get_if<ClockSkew>(&fault)) {
    world_.clock_skew -= skew->offset;
    return;
  }
  const auto* failure = std::get_if<WriteFailure>(&fault);
  SIM_ASSERT(failure != nullptr, "custom fault of kind {}", fault.index());
  nodes_[NodeOf(failure->node)]->EndWriteFailure(source);
}

void Run::OnPhase(const MigrationRecord& m) {
  sim_.trace().Fold(sim_.now(), static_cast<std::uint32_t>(ModelRecord::kPhase), m.id,
                    static_cast<std::uint64_t>(m.phase), m.source);
  // A migration's phase only moves forward, or to failed, whatever the faults.
  if (m.id >= phases_.size()) phases_.resize(m.id + 1, Phase::kComputingAssignments);
  SIM_ASSERT(m.phase == Phase::kFailed || m.phase >= phases_[m.id],
             "migration {} went back from {} to {}", m.id, PhaseName(phases_[m.id]),
             PhaseName(m.phase));
  phases_[m.id] = m.phase;
  if (m.phase != Phase::kFailed) last_phase_[m.source] = m.phase;
  sim_.FireTrigger(*sim_.FindTrigger(std::string("phase:") + PhaseName(m.phase)));
  if (m.phase == Phase::kCutoverActivate) orchestrator_->Activate(m);
  if (m.phase == Phase::kFailed) orchestrator_->Abandon(m);
  if (m.phase == Phase::kComplete) orchestrator_->Completed(m);
  if (m.phase == Phase::kComplete || m.phase == Phase::kFailed) MaybeCutoverCheckpoint();
}

void Run::OnRefused(std::uint32_t source, const std::string& reason) {
  sim_.trace().Fold(sim_.now(), static_cast<std::uint32_t>(ModelRecord::kRefused), source, 0, 0);
  refused_[source] = reason;
  MaybeCutoverCheckpoint();
}

void Run::OnStuck(std::uint32_t source, const std::string& reason) {
  sim_.trace().Fold(sim_.now(), static_cast<std::uint32_t>(ModelRecord::kStuck), source, 0, 0);
  stuck_[source] = reason;
  MaybeCutoverCheckpoint();
  // A horizon after a phase that will now never come ends the run its
  // offset after the run was declared stuck.
  if (config_.run.until.phase.has_value()) client_.EndIn(config_.run.until.offset);
}

// Where the migrations begun for one configured migration stand: each part's
// latest coordinator migration.
struct Run::Parts {
  std::uint32_t begun = 0;
  std::uint32_t ended = 0;                  // complete or failed
  const MigrationRecord* failed = nullptr;  // the first failed part
  bool waiting = false;                     // a part not begun yet

  // Every part begun ended, and none is to begin (none will after a failure).
  bool Finished() const { return begun > 0 && begun == ended && (!waiting || failed != nullptr); }
  bool Complete() const { return begun > 0 && begun == ended && !waiting && failed == nullptr; }
};

Run::Parts Run::PartsOf(std::uint32_t source) const {
  Parts parts;
  parts.waiting = orchestrator_->PartsWaiting(source);
  for (const std::uint32_t id : orchestrator_->MigrationIds(source)) {
    const MigrationRecord& r = coordinator_.migration(id);
    ++parts.begun;
    if (r.phase == Phase::kComplete || r.phase == Phase::kFailed) ++parts.ended;
    if (r.phase == Phase::kFailed && parts.failed == nullptr) parts.failed = &r;
  }
  return parts;
}

void Run::MaybeCutoverCheckpoint() {
  for (std::uint32_t m = 0; m < config_.migrations.size(); ++m) {
    if (!refused_[m].empty() || !stuck_[m].empty()) continue;
    if (!PartsOf(m).Finished()) return;
  }
  at_cutover_ = Check(0);
  sim_.trace().Fold(sim_.now(), static_cast<std::uint32_t>(ModelRecord::kCheckpoint), 0, 0,
                    at_cutover_.lost);
}

std::vector<Step> Run::Holdings(DocId doc, std::uint64_t which) const {
  std::vector<Step> steps;
  for (NodeMask rest = world_.routes.AllOwners(keys_.shard(doc)); rest != 0; rest &= rest - 1) {
    const auto n = static_cast<NodeIndex>(std::countr_zero(rest));
    const Version* v = nodes_[n]->store().Get(doc);
    steps.push_back(Step{.at = sim_.now(), .kind = StepKind::kCheckpoint, .node = n,
                         .write = v != nullptr ? v->write : 0, .value = which});
  }
  return steps;
}

CheckpointResult Run::Check(std::uint64_t which) {
  std::vector<const NodeStore*> stores;
  for (const auto& node : nodes_) stores.push_back(&node->store());
  for (DocStory& story : forensics_->stories()) {  // what each owner holds
    story.shard = keys_.shard(story.doc);
    const std::vector<Step> holdings = Holdings(story.doc, which);
    story.steps.insert(story.steps.end(), holdings.begin(), holdings.end());
  }
  CheckpointResult result = CheckReplicas(history_, keys_, world_.routes, stores, sim_.now());
  if (which == 1) {
    for (LostDoc& lost : result.lost_docs) {
      lost.cause = causes_.Cause(lost.doc, lost.acked, lost.resurrected, Holdings(lost.doc, 1));
    }
  }
  return result;
}

RunResult Run::Execute(ProgressObserver* progress) {
  Preload();
  PlaceFaults();
  client_.Start(static_cast<std::uint32_t>(config_.migrations.size()));
  orchestrator_->Boot();
  if (config_.migrations.empty()) at_cutover_ = Check(0);
  const bool fixed = !config_.run.until.phase.has_value();
  const Time horizon = fixed ? config_.run.until.offset : 0;
  constexpr std::uint64_t kProgressEvery = 1u << 20;
  std::uint64_t next_report = kProgressEvery;
  sim_.RunWhile([&] {
    if (progress != nullptr && sim_.steps() >= next_report) {
      next_report += kProgressEvery;
      progress->OnProgress(sim_.now(), horizon, sim_.steps());
    }
    if (sim_.steps() >= config_.run.max_events) {
      out_of_budget_ = true;
      return false;
    }
    if (fixed) return sim_.pending() > 0 && sim_.NextTime() <= horizon;
    return !client_.horizon_reached() && sim_.now() < kPhaseHorizonCap;
  });
  if (fixed && !out_of_budget_) sim_.RunUntil(horizon);  // the clock reads the horizon
  return Result();
}

// Each migration's outcome, then the run's: failed if any failed or did not
// finish, else refused if any was refused, else complete; phase_reached is
// the least advanced migration's last phase.
void Run::Outcomes(RunResult& r) const {
  bool any_failed = false;
  bool any_refused = false;
  bool any_unfinished = false;
  bool any_stuck = false;
  int least = kPhaseCount;
  for (std::uint32_t m = 0; m < config_.migrations.size(); ++m) {
    MigrationOutcome out{config_.migrations[m].add_node, "unfinished", "", "none"};
    if (!refused_[m].empty()) {
      out.outcome = "refused";
      out.reason = refused_[m];
      any_refused = true;
      least = -1;
    }
    const Parts parts = PartsOf(m);
    if (parts.begun > 0) {
      out.outcome = parts.failed != nullptr ? "failed"
                    : parts.Complete()      ? "complete"
                                            : "unfinished";
      if (parts.failed != nullptr) out.reason = parts.failed->failure;
      if (last_phase_[m].has_value()) {
        out.phase_reached = PhaseName(*last_phase_[m]);
        least = std::min(least, static_cast<int>(*last_phase_[m]));
      }
    }
    if (!stuck_[m].empty() && out.outcome == "unfinished") {
      out.outcome = "stuck";
      out.reason = stuck_[m];
      any_stuck = true;
    }
    if (out.outcome == "failed") any_failed = true;
    if (out.outcome == "unfinished") {
      any_unfinished = true;
      out.reason = "did not complete by the horizon";
    }
    if (r.reason.empty() && !out.reason.empty()) r.reason = out.node + ": " + out.reason;
    r.migrations.push_back(out);
  }
  r.outcome = any_failed || any_unfinished ? RunOutcome::kFailed
              : any_stuck                  ? RunOutcome::kStuck
              : any_refused                ? RunOutcome::kRefused
                                           : RunOutcome::kComplete;
  if (out_of_budget_) {  // whatever the migrations did, the run did not reach its horizon
    r.outcome = RunOutcome::kBudget;
    r.reason = fmt::format("the run used its event budget ({} events, run.max_events) at {}",
                           config_.run.max_events, sim::FormatDuration(sim_.now()));
  }
  r.phase_reached = least == kPhaseCount ? "none"
                    : least < 0          ? "refused"
                                         : PhaseName(static_cast<Phase>(least));
}

RunResult Run::Result() {
  RunResult r;
  r.scenario = config_.name;
  r.seed = config_.seed;
  r.at_end = Check(1);
  sim_.trace().Fold(sim_.now(), static_cast<std::uint32_t>(ModelRecord::kCheckpoint), 1, 0,
                    r.at_end.lost);
  r.at_cutover = at_cutover_.reached ? at_cutover_ : r.at_end;
  for (const LostDoc& lost : r.at_end.lost_docs) ++r.causes[static_cast<std::size_t>(lost.cause)];
  Outcomes(r);
  for (const Operation& op : history_.ops) {
    if (op.preload) continue;
    ++r.writes.submitted;
    if (op.outcome == Outcome::kAcked) ++r.writes.acked;
    if (op.outcome == Outcome::kFailed) ++r.writes.failed;
    if (op.outcome == Outcome::kUnknown || op.outcome == Outcome::kPending) ++r.writes.unknown;
  }
  r.counters = world_.counters;
  r.cdc = CheckCdc(history_, world_.cdc);
  r.destroyed = CountDestroyed(history_, *witness_);
  r.exposure = MeasureExposure(history_, *witness_, sim_.now(),
                               config_.keep_trace ? &r.exposure_gaps : nullptr);
  if (!forensics_->stories().empty()) {
    for (OpIndex op = 0; op < history_.ops.size(); ++op) {
      if (forensics_->Story(history_.ops[op].doc) != nullptr) {
        r.watched_ops.emplace_back(op, history_.ops[op]);
      }
    }
    r.stories = forensics_->Take();
  }
  r.sim_time = sim_.now();
  r.events = sim_.steps();
  r.trace_hash = sim_.trace().hash();
  if (config_.keep_trace) r.trace = sim_.trace().records();
  r.trace_truncated = sim_.trace().truncated();
  Timeline(r);
  for (sim::ProcessId p = 0; p < sim_.process_count(); ++p) r.process_names.push_back(sim_.name(p));
  r.node_names = world_.node_names;
  return r;
}

void Run::Timeline(RunResult& r) const {
  Time last = 0;
  for (const Operation& op : history_.ops) {
    if (op.preload) continue;
    last = std::max(last, op.answered_at == sim::kTimeMax ? op.issued_at : op.answered_at);
  }
  r.timeline_width = std::max<Time>(sim::kMillisecond, (last + 999) / 1000);
  r.timeline.assign(static_cast<std::size_t>(last / r.timeline_width) + 1, {});
  for (const Operation& op : history_.ops) {
    if (op.preload) continue;
    ++r.timeline[static_cast<std::size_t>(op.issued_at / r.timeline_width)].issued;
    if (op.answered_at == sim::kTimeMax) continue;
    auto& bucket = r.timeline[static_cast<std::size_t>(op.answered_at / r.timeline_width)];
    (op.outcome == Outcome::kAcked ? bucket.acked : bucket.failed) += 1;
  }
}

}  // namespace

std::optional<RunOutcome> ParseRunOutcome(std::string_view name) {
  for (std::size_t i = 0; i < kRunOutcomeNames.size(); ++i) {
    if (kRunOutcomeNames[i] == name) return static_cast<RunOutcome>(i);
  }
  return std::nullopt;
}

RunResult RunModel(const ModelConfig& config, ProgressObserver* progress, EventSink* events) {
  auto run = std::make_unique<Run>(config, events);
  return run->Execute(progress);
}

}  // namespace model
