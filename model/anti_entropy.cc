#include "model/anti_entropy.h"

#include <algorithm>
#include <array>
#include <map>

#include "model/forensics.h"
#include "model/token.h"
#include "sim/check.h"

namespace model {
namespace {
constexpr std::uint32_t kPassTimer = 0xFFFFFF;
constexpr std::uint32_t kStageTimer = 0xFFFFFE;
constexpr std::uint32_t kPauseTimer = 0xFFFFFD;

std::uint64_t Tag(std::uint32_t index, std::uint32_t sequence) {
  return Token{Component::kAntiEntropy, index, sequence}.Pack();
}
}  // namespace

sim::Result<sim::Ok, CoordinatorError> ValidateMigrationSafety(
    const AntiEntropyConfig& anti_entropy, const CoordinatorSettings& migration) {
  CoordinatorSettings guarded = migration;
  guarded.anti_entropy_enabled = anti_entropy.enabled;  // the reconciler's own flag decides
  return Coordinator::ValidateSafety(guarded);
}

std::optional<std::string> MigrationWarningIfAntiEntropyDisabled(bool enabled) {
  if (enabled) return std::nullopt;
  return "Anti-entropy is disabled. Shard migration cutover relies on the delta pass as the sole "
         "safety mechanism. Any bugs in the delta pass could lead to data loss at the cutover "
         "boundary. Re-enable anti-entropy for defense-in-depth.";
}

AntiEntropy::AntiEntropy(World& world) : world_(world) {}

void AntiEntropy::Schedule() {
  const AntiEntropyConfig& c = world_.config.anti_entropy;
  if (!c.enabled) return;
  Time next = c.first_pass;
  const Time now = world_.sim.now();
  if (next <= now) next += ((now - next) / c.interval + 1) * c.interval;
  world_.sim.SetTimer(world_.orchestrator, next - now, Tag(kPassTimer, epoch_));
}

void AntiEntropy::Crash() {
  ++epoch_;
  ++sequence_;
  stage_ = Stage::kIdle;
  shard_ = shard_end_;  // the pass in progress is abandoned; the next one starts afresh
  replicas_.clear();
}

void AntiEntropy::OnTimer(std::uint64_t tag) {
  const Token token = Token::Unpack(tag);
  if (token.index == kPassTimer) {
    if (token.sequence != epoch_) return;
    if (stage_ == Stage::kIdle && shard_ >= shard_end_) StartPass();  // else: a pass still runs
    Schedule();
    return;
  }
  if (token.sequence != sequence_) return;
  if (token.index == kStageTimer) {
    OnStageDone();  // with the replicas that answered
  } else if (token.index == kPauseTimer) {
    NextShard();
  }
}

void AntiEntropy::StartPass() {
  const AntiEntropyConfig& c = world_.config.anti_entropy;
  ++world_.counters.ae_passes;
  shard_ = 0;
  shard_end_ = c.shards_per_pass == 0 ? world_.keys.shards()
                                      : std::min(c.shards_per_pass, world_.keys.shards());
  NextShard();
}

void AntiEntropy::NextShard() {
  stage_ = Stage::kIdle;
  while (shard_ < shard_end_) {
    replicas_.clear();
    NodeMask seen = 0;
    for (std::uint32_t g = 0; g < world_.routes.groups(); ++g) {
      for (const NodeIndex n : world_.routes.owners(shard_, g)) {
        if ((seen & Bit(n)) == 0) replicas_.push_back(Replica{n});
        seen |= Bit(n);
      }
    }
    if (world_.forensics != nullptr) {  // flag: there are replicas to compare
      world_.forensics->AddShard(shard_, world_.keys,
                                 Step{.at = world_.sim.now(), .kind = StepKind::kAntiEntropy,
                                      .flag = replicas_.size() >= 2});
    }
    if (replicas_.size() >= 2) {
      Ask(Stage::kFingerprint);
      return;
    }
    ++shard_;  // one replica: nothing to compare
  }
}

void AntiEntropy::Ask(Stage stage) {
  stage_ = stage;
  ++sequence_;
  waiting_ = 0;
  const AntiEntropyConfig& c = world_.config.anti_entropy;
  std::uint32_t mask_slot = 0;
  if (stage == Stage::kBuckets) {
    mask_slot = world_.payloads.AcquireDigests();
    std::vector<std::uint64_t>& mask = world_.payloads.digests(mask_slot);
    mask.assign(1 + (c.buckets + 63) / 64, 0);
    mask[0] = c.buckets;
    const std::vector<std::uint64_t>& first = world_.payloads.digests(replicas_[0].slot);
    for (std::uint32_t b = 0; b < c.buckets; ++b) {
      for (const Replica& r : replicas_) {
        if (world_.payloads.digests(r.slot)[b] != first[b])
          mask[1 + b / 64] |= std::uint64_t{1} << (b % 64);
      }
    }
  }
  for (std::uint32_t i = 0; i < replicas_.size(); ++i) {
    Replica& r = replicas_[i];
    if (stage == Stage::kRepair && world_.payloads.docs(r.slot).empty()) continue;
    r.answered = false;
    std::uint32_t type = kCopyWrite;
    std::array<std::uint64_t, 3> words{};
    if (stage == Stage::kFingerprint) {
      r.slot = world_.payloads.AcquireDigests();
      type = kFingerprint;
      words = {shard_, c.buckets, r.slot};
    } else if (stage == Stage::kBuckets) {
      r.slot = world_.payloads.AcquireDocs();
      type = kBucketList;
      words = {shard_, mask_slot, r.slot};
    } else {
      words = {r.slot, static_cast<std::uint64_t>(Origin::kAntiEntropy), shard_};
    }
    world_.sim.Send(sim::Message{world_.orchestrator,
                                 world_.node_process[r.node],
                                 type,
                                 0,
                                 {Tag(i, sequence_), words[0], words[1], words[2]}});
    ++waiting_;
  }
  world_.sim.SetTimer(world_.orchestrator, world_.config.network.request_timeout,
                      Tag(kStageTimer, sequence_));
}

void AntiEntropy::OnReply(const sim::Message& message) {
  const Token token = Token::Unpack(message.words[0]);
  if (token.sequence != sequence_ || token.index >= replicas_.size()) return;
  Replica& r = replicas_[token.index];
  if (r.answered) return;
  r.answered = true;
  if (message.type == kFingerprintReply) r.root = message.words[1];
  if (message.type == kCopyReply && message.words[1] == 1) {
    world_.counters.ae_repairs += message.words[2];
  }
  if (--waiting_ == 0) OnStageDone();
}

void AntiEntropy::OnStageDone() {
  const Stage done = stage_;
  ++sequence_;  // the stage's timer is now stale
  if (done != Stage::kRepair) {
    // Only replicas that answered take part in what follows.
    std::erase_if(replicas_, [](const Replica& r) { return !r.answered; });
  }
  if (done == Stage::kFingerprint) {
    bool differ = false;
    for (const Replica& r : replicas_) differ = differ || r.root != replicas_[0].root;
    if (replicas_.size() >= 2 && differ) {
      Ask(Stage::kBuckets);
      return;
    }
  } else if (done == Stage::kBuckets) {
    if (replicas_.size() >= 2) {
      Repair();
      return;
    }
  }
  ++shard_;
  stage_ = Stage::kIdle;
  world_.sim.SetTimer(world_.orchestrator, kShardPause, Tag(kPauseTimer, sequence_));
}

void AntiEntropy::Repair() {
  // Each document of the divergent buckets, as each replica holds it.
  constexpr std::uint32_t kAbsent = UINT32_MAX;
  std::map<DocId, std::vector<std::uint32_t>>
      held;  // doc -> per replica: index in its list, or absent
  for (std::uint32_t i = 0; i < replicas_.size(); ++i) {
    const std::vector<DocCopy>& list = world_.payloads.docs(replicas_[i].slot);
    for (std::uint32_t k = 0; k < list.size(); ++k) {
      auto [it, inserted] = held.try_emplace(list[k].doc);
      if (inserted) it->second.assign(replicas_.size(), kAbsent);
      it->second[i] = k;
    }
  }
  std::vector<std::vector<DocCopy>> repairs(replicas_.size());
  for (const auto& [doc, where] : held) {
    std::uint32_t winner = kAbsent;
    Version best;
    for (std::uint32_t i = 0; i < replicas_.size(); ++i) {
      if (where[i] == kAbsent) continue;
      const Version& v = world_.payloads.docs(replicas_[i].slot)[where[i]].version;
      if (winner == kAbsent || v.updated_at_ms > best.updated_at_ms) {
        winner = i;
        best = v;
      }
    }
    bool divergent = false;
    for (std::uint32_t i = 0; i < replicas_.size(); ++i) {
      const bool lacks = where[i] == kAbsent;
      if (!lacks && world_.payloads.docs(replicas_[i].slot)[where[i]].version.updated_at_ms >=
                        best.updated_at_ms) {
        continue;
      }
      repairs[i].push_back(DocCopy{doc, best});
      divergent = true;
    }
    world_.counters.ae_divergent += divergent;
  }
  bool any = false;
  for (std::uint32_t i = 0; i < replicas_.size(); ++i) {
    replicas_[i].slot = world_.payloads.AcquireDocs();
    world_.payloads.docs(replicas_[i].slot) = std::move(repairs[i]);
    any = any || !world_.payloads.docs(replicas_[i].slot).empty();
  }
  if (any && world_.config.anti_entropy.auto_repair) {
    Ask(Stage::kRepair);
    return;
  }
  stage_ = Stage::kRepair;
  OnStageDone();
}

}  // namespace model
