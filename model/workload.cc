#include "model/workload.h"

#include <algorithm>
#include <cmath>

#include "model/forensics.h"
#include "sim/check.h"

namespace model {

Client::Client(World& world)
    : world_(world),
      arrivals_(world.sim.seed(), "workload.arrivals"),
      keys_(world.sim.seed(), "workload.keys"),
      kinds_(world.sim.seed(), "workload.kinds") {}

void Client::EndIn(Time delay) {
  world_.sim.SetTimer(world_.client, delay, Tag(kHorizon, 0));
}

void Client::Start(std::uint32_t migrations) {
  const WorkloadConfig& w = world_.config.workload;
  // The documents written are known once the run has placed its shards.
  const std::uint64_t space =
      world_.workload_docs.empty() ? w.key_space : world_.workload_docs.size();
  if (w.key_distribution == KeyDistribution::kZipf) zipf_.emplace(space, w.zipf_s);
  if (w.writes > 0) world_.sim.At(world_.TimePointOf(w.start), world_.client, Tag(kArrival, 0));
  burst_left_.clear();
  for (std::uint32_t i = 0; i < w.bursts.size(); ++i) {
    burst_left_.push_back(w.bursts[i].writes);
    if (w.bursts[i].writes > 0)
      world_.sim.At(world_.TimePointOf(w.bursts[i].at), world_.client, Tag(kBurst, i));
  }
  for (std::uint32_t m = 0; m < migrations; ++m) {
    world_.sim.At(world_.TimePointOf(world_.config.migrations[m].start), world_.client,
                  Tag(kMigrationStart, m));
  }
  world_.sim.At(world_.TimePointOf(world_.config.run.until), world_.client, Tag(kHorizon, 0));
}

DocId Client::DrawKey() {
  const std::vector<DocId>& docs = world_.workload_docs;
  if (zipf_.has_value()) {
    const auto rank = static_cast<std::size_t>((*zipf_)(keys_)-1);
    return docs.empty() ? world_.keys.ByRank(rank) : docs[rank];
  }
  if (docs.empty()) return static_cast<DocId>(keys_.Below(world_.config.workload.key_space));
  return docs[static_cast<std::size_t>(keys_.Below(docs.size()))];
}

void Client::Issue(std::uint32_t documents) {
  const WorkloadConfig& w = world_.config.workload;
  std::vector<Operation>& ops = world_.history.ops;
  SIM_ASSERT(ops.size() + documents <= world_.config.limits.operations_max, "operations_max");
  const OpIndex first = ops.size();
  for (std::uint32_t i = 0; i < documents; ++i) {
    const bool is_delete = w.deletes > 0.0 && kinds_.Bernoulli(w.deletes);
    const DocId doc = DrawKey();
    Operation op{doc, world_.keys.shard(doc), is_delete ? OpKind::kDelete : OpKind::kPut};
    op.issued_at = world_.sim.now();
    op.retries_left = static_cast<std::uint8_t>(std::min<std::uint32_t>(w.client_retries, 255));
    ops.push_back(op);
  }
  Submit(first, documents);
}

void Client::Submit(OpIndex first, std::uint32_t count) {
  if (orchestrator_->up()) {
    orchestrator_->Submit(first, count);
    return;
  }
  OnUnanswered(first, count);  // nobody answers: the client times out
}

void Client::Arrive() {
  const WorkloadConfig& w = world_.config.workload;
  const auto documents =
      static_cast<std::uint32_t>(std::min<std::uint64_t>(w.batch, w.writes - issued_));
  issued_ += documents;
  Issue(documents);
  if (issued_ < w.writes) {
    const double gap_ns = arrivals_.Exponential(1e9 / (w.rate / w.batch));
    world_.sim.SetTimer(world_.client, static_cast<Time>(std::llround(gap_ns)), Tag(kArrival, 0));
  }
}

void Client::OnTimer(std::uint64_t tag) {
  const auto kind = static_cast<TimerKind>(tag & 0xFF);
  const std::uint64_t value = tag >> 8;
  switch (kind) {
    case kArrival:
      Arrive();
      return;
    case kBurst: {
      const BurstConfig& burst = world_.config.workload.bursts[value];
      const auto documents = static_cast<std::uint32_t>(
          std::min<std::uint64_t>(world_.config.workload.batch, burst_left_[value]));
      burst_left_[value] -= documents;
      Issue(documents);
      if (burst_left_[value] > 0) {
        const Time gap = static_cast<Time>(static_cast<__int128>(burst.over) * documents /
                                           static_cast<__int128>(burst.writes));
        world_.sim.SetTimer(world_.client, gap, tag);
      }
      return;
    }
    case kRetry: {
      const OpIndex first = value >> 16;
      Retry(first, static_cast<std::uint32_t>(value & 0xFFFF));
      return;
    }
    case kMigrationStart:
      orchestrator_->StartMigration(static_cast<std::uint32_t>(value));
      return;
    case kHorizon:
      horizon_reached_ = true;
      return;
  }
  SIM_UNREACHABLE("client timer kind {}", static_cast<int>(kind));
}

void Client::Tell(OpIndex op) {
  if (world_.forensics == nullptr) return;
  const Operation& o = world_.history.ops[op];
  world_.forensics->Add(o.doc, Step{.at = world_.sim.now(), .kind = StepKind::kOutcome, .op = op,
                                    .value = static_cast<std::uint64_t>(o.outcome)});
}

void Client::OnAnswer(OpIndex first, std::uint32_t count, bool acked) {
  std::vector<Operation>& ops = world_.history.ops;
  for (OpIndex op = first; op < first + count; ++op) {
    SIM_ASSERT(ops[op].outcome == Outcome::kPending, "op {} answered twice", op);
    ops[op].outcome = acked ? Outcome::kAcked : Outcome::kFailed;
    ops[op].answered_at = world_.sim.now();
    Tell(op);
  }
  if (!acked && ops[first].retries_left > 0) Retry(first, count);
}

void Client::OnUnanswered(OpIndex first, std::uint32_t count) {
  std::vector<Operation>& ops = world_.history.ops;
  for (OpIndex op = first; op < first + count; ++op) {
    SIM_ASSERT(ops[op].outcome == Outcome::kPending, "op {} answered twice", op);
    ops[op].outcome = Outcome::kUnknown;
    Tell(op);
  }
  // The client learns only by its own timeout; then it may retry.
  if (ops[first].retries_left > 0) {
    SIM_ASSERT(count <= 0xFFFF, "batch {}", count);
    world_.sim.SetTimer(world_.client, world_.config.network.request_timeout,
                        Tag(kRetry, (first << 16) | count));
  }
}

void Client::Retry(OpIndex first, std::uint32_t count) {
  std::vector<Operation>& ops = world_.history.ops;
  SIM_ASSERT(ops.size() + count <= world_.config.limits.operations_max, "operations_max");
  const OpIndex copy = ops.size();
  for (OpIndex op = first; op < first + count; ++op) {
    Operation again{ops[op].doc, ops[op].shard, ops[op].kind};
    again.issued_at = world_.sim.now();
    again.retries_left = static_cast<std::uint8_t>(ops[op].retries_left - 1);
    ops.push_back(again);
  }
  Submit(copy, count);
}

}  // namespace model
