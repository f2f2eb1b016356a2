#include "model/cause_tracker.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>

#include "sim/check.h"

namespace model {
namespace {

// A record per operation is touched write by write: in 2 MiB pages a 1M-write
// run takes 30 page faults instead of 15,000 (the kernel may decline).
void AdviseHugePages(void* data, std::size_t bytes) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace

CauseTracker::Write& CauseTracker::Of(std::uint64_t write) {
  const OpIndex op = write - 1;
  if (writes_.size() <= op) {
    const std::size_t size =
        std::max<std::size_t>({op + 1, history_.ops.capacity(), writes_.size() * 2});
    writes_.reserve(size);
    AdviseHugePages(writes_.data(), size * sizeof(Write));
    writes_.resize(size);
  }
  return writes_[op];
}

void CauseTracker::Sweep(std::vector<OpIndex>& ops, const Step& step) {
  for (const OpIndex op : ops) writes_[op].Take(op, step);
  ops.clear();
}

void CauseTracker::OnStep(DocId doc, const Step& step) {
  switch (step.kind) {
    case StepKind::kSent: {
      const Operation& o = history_.ops[step.op];
      if (o.kind != OpKind::kPut) return;
      Write& w = Of(WriteId(step.op));
      w.sent_after = copy_reads_ + 1;
      w.Take(step.op, step);
      if (step.flag) {
        if (tracked_.size() <= o.shard) tracked_.resize(o.shard + 1);
        tracked_[o.shard].push_back(step.op);
      }
      return;
    }
    case StepKind::kAnswer:  // only an error reply says anything of the write
      if (step.ErrorReply()) Take(WriteId(step.op), step);
      return;
    case StepKind::kApplied:
      Take(step.write, step);
      if (step.before > step.write) Take(step.before, step);  // an older write replaced it
      return;
    case StepKind::kNotApplied:
      Take(step.write, step);
      return;
    case StepKind::kDeleted:
      Take(step.before, step);
      return;
    case StepKind::kCopyRead:
      SIM_ASSERT(copy_reads_ < UINT32_MAX - 1, "{} copy reads", copy_reads_);
      copy_read_at_[doc] = ++copy_reads_ + 1;
      Take(step.write, step);
      return;
    case StepKind::kDestroyed: {
      Take(step.write, step);
      const std::uint32_t shard = history_.ops[step.write - 1].shard;
      if (destroyed_.size() <= shard) destroyed_.resize(shard + 1);
      destroyed_[shard].push_back(step.write - 1);
      return;
    }
    default:
      return;
  }
}

void CauseTracker::OnShard(std::uint32_t shard, const Step& step) {
  if (step.kind == StepKind::kDrained && shard < tracked_.size()) {
    Sweep(tracked_[shard], step);
  } else if (step.kind == StepKind::kAntiEntropy && shard < destroyed_.size()) {
    for (const OpIndex op : destroyed_[shard]) {
      NodeMask holding = 0;
      for (NodeIndex n = 0; n < stores_.size(); ++n) {
        const Version* v = stores_[n]->Get(history_.ops[op].doc);
        if (v != nullptr && v->write == WriteId(op)) holding |= NodeMask{1} << n;
      }
      writes_[op].set_holding(holding);
      writes_[op].Take(op, step);
    }
  }
}

void CauseTracker::OnAll(const Step& step) {
  for (std::vector<OpIndex>& ops : tracked_) Sweep(ops, step);
}

LossCause CauseTracker::Cause(DocId doc, OpIndex acked, bool resurrected,
                              const std::vector<Step>& checkpoint) const {
  if (resurrected) return LossCause::kResurrectedDelete;
  Write w = acked < writes_.size() ? writes_[acked] : Write{};
  // A copy read of the document reached only the reading of the write it
  // read; the last one says whether any came after this write was sent.
  const auto copied = copy_read_at_.find(doc);
  if (w.sent_after != 0 && copied != copy_read_at_.end() && copied->second > w.sent_after) {
    w.Take(acked, Step{.kind = StepKind::kCopyRead});
  }
  NodeMask end_owners = 0;
  for (const Step& s : checkpoint) end_owners |= NodeMask{1} << s.node;
  return w.Cause(end_owners);
}

}  // namespace model
