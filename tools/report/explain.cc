#include "tools/report/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "model/keyspace.h"
#include "sim/check.h"
#include "sim/time.h"

namespace tools {
namespace {

using model::Step;
using model::StepKind;

constexpr std::size_t kDocsPerCause = 3;

std::string NodeNames(const model::RunResult& r, model::NodeMask mask) {
  std::string out;
  for (; mask != 0; mask &= mask - 1) {
    const auto n = static_cast<std::size_t>(std::countr_zero(mask));
    if (!out.empty()) out += ", ";
    out += n < r.node_names.size() ? r.node_names[n] : fmt::format("node {}", n);
  }
  return out.empty() ? "none" : out;
}

std::string NodeName(const model::RunResult& r, model::NodeIndex n) {
  return NodeNames(r, model::NodeMask{1} << n);
}

const model::Operation* OpOf(const model::RunResult& r, model::OpIndex op) {
  const auto at = std::lower_bound(
      r.watched_ops.begin(), r.watched_ops.end(), op,
      [](const std::pair<model::OpIndex, model::Operation>& e, model::OpIndex o) {
        return e.first < o;
      });
  return at != r.watched_ops.end() && at->first == op ? &at->second : nullptr;
}


std::string WriteName(std::uint64_t write) {
  return write == 0 ? "nothing" : fmt::format("write #{}", write);
}

// One line of a story.
std::string StepText(const model::RunResult& r, const Step& s) {
  const std::string at = sim::FormatDuration(s.at);
  switch (s.kind) {
    case StepKind::kSent: {
      const model::Operation* op = OpOf(r, s.op);
      return fmt::format("{:>12}  {} #{} sent to {} (owners {}){}", at,
                         op != nullptr && op->kind == model::OpKind::kDelete ? "delete" : "write",
                         model::WriteId(s.op), NodeNames(r, s.nodes), NodeNames(r, s.owners),
                         s.flag ? ", tracked in flight" : "");
    }
    case StepKind::kHeld: return fmt::format("{:>12}  write #{} held at the router", at, model::WriteId(s.op));
    case StepKind::kRejected: return fmt::format("{:>12}  write #{} rejected at the router", at, model::WriteId(s.op));
    case StepKind::kAnswer:
      return fmt::format("{:>12}  {} answered write #{}: {}", at, NodeName(r, s.node),
                         model::WriteId(s.op),
                         s.flag ? "ok" : s.timed_out ? "no answer (timed out)" : "error");
    case StepKind::kOutcome: return fmt::format("{:>12}  write #{} answered", at, model::WriteId(s.op));
    case StepKind::kApplied:
      return fmt::format("{:>12}  {} applied {} by {} (held {})", at, NodeName(r, s.node),
                         WriteName(s.write), model::OriginName(s.origin), WriteName(s.before));
    case StepKind::kNotApplied:
      return fmt::format("{:>12}  {} kept {} over {} by {} (a newer stamp)", at,
                         NodeName(r, s.node), WriteName(s.before), WriteName(s.write),
                         model::OriginName(s.origin));
    case StepKind::kDeleted:
      return s.write == 0 ? fmt::format("{:>12}  {} deleted {} in its shard's cleanup", at,
                                        NodeName(r, s.node), WriteName(s.before))
                          : fmt::format("{:>12}  {} deleted {} by delete #{}", at,
                                        NodeName(r, s.node), WriteName(s.before), s.write);
    case StepKind::kCopyRead:
      return fmt::format("{:>12}  a {} page read {} for {}", at, s.flag ? "delta-pass" : "copy",
                         WriteName(s.write), NodeName(r, s.node));
    case StepKind::kDeltaCandidate: return fmt::format("{:>12}  the drain named it a delta candidate", at);
    case StepKind::kDrained: return fmt::format("{:>12}  the drain of its shard completed", at);
    case StepKind::kTrackingCleared:
      return fmt::format("{:>12}  the orchestrator crashed: the in-flight list is gone", at);
    case StepKind::kRerouted: return fmt::format("{:>12}  the shard's owners are now {}", at, NodeNames(r, s.nodes));
    case StepKind::kDestroyed:
      return fmt::format("{:>12}  {} is on no owner any more (destroyed)", at, WriteName(s.write));
    case StepKind::kAntiEntropy:
      return fmt::format("{:>12}  anti-entropy {}", at,
                         s.flag ? "compared the shard's replicas"
                                : "passed the shard: one replica, nothing to compare");
    case StepKind::kCheckpoint:
      return fmt::format("{:>12}  {} checkpoint: {} holds {}", at, s.value == 0 ? "cutover" : "end",
                         NodeName(r, s.node), WriteName(s.write));
  }
  return at;
}

// The document in one line: its last acknowledged write and where it is.
std::string DocLine(const model::RunResult& r, const ExplainedDoc& d) {
  const model::Operation* op = OpOf(r, d.acked);
  std::string holds;
  for (const Step& s : d.story->steps) {
    if (s.kind != StepKind::kCheckpoint || s.value != 1) continue;
    if (!holds.empty()) holds += ", ";
    holds += fmt::format("{} holds {}", NodeName(r, s.node), WriteName(s.write));
  }
  return fmt::format("  {} (shard {}): {} #{} acked at {}; at the end {}", d.key, d.story->shard,
                     d.resurrected ? "delete" : "write", model::WriteId(d.acked),
                     op != nullptr ? sim::FormatDuration(op->answered_at) : "?", holds);
}

}  // namespace

Explanation Explain(const model::ModelConfig& config, std::optional<model::DocId> only) {
  const model::RunResult first = model::RunModel(config);
  std::vector<model::DocId> docs;
  if (only) {
    docs.push_back(*only);
  } else {
    for (const model::LostDoc& lost : first.at_end.lost_docs) docs.push_back(lost.doc);
  }
  Explanation e;
  if (docs.empty()) {
    e.result = first;
    return e;
  }
  model::ModelConfig watched = config;
  watched.watch_docs = docs;
  e.result = model::RunModel(watched);
  SIM_ASSERT(e.result.trace_hash == first.trace_hash,
             "recording the stories changed the run: trace hash {:016x}, not {:016x}",
             e.result.trace_hash, first.trace_hash);
  const model::Keyspace keys(config.workload.key_space, config.cluster.shards, 0,
                             config.workload.key_list);
  for (const model::LostDoc& lost : e.result.at_end.lost_docs) {
    const auto story = std::find_if(e.result.stories.begin(), e.result.stories.end(),
                                    [&](const model::DocStory& s) { return s.doc == lost.doc; });
    if (story == e.result.stories.end()) continue;
    const model::OpKind kind = lost.resurrected ? model::OpKind::kDelete : model::OpKind::kPut;
    e.docs.push_back(ExplainedDoc{lost.doc, keys.Key(lost.doc), lost.acked, lost.resurrected,
                                  model::Cause(*story, lost.acked, kind), &*story});
  }
  return e;
}

std::string ExplainText(const Explanation& e) {
  const model::RunResult& r = e.result;
  std::string out = fmt::format("{} (seed {}): {} lost of {} acked docs at the end, {} resurrected\n",
                                r.scenario, r.seed, r.at_end.lost, r.at_end.acked_docs,
                                r.at_end.resurrected);
  if (e.docs.empty()) return out + "nothing to explain: every acknowledged write is readable\n";
  std::map<model::LossCause, std::vector<const ExplainedDoc*>> by_cause;
  for (const ExplainedDoc& d : e.docs) by_cause[d.cause].push_back(&d);
  for (const auto& [cause, docs] : by_cause) {
    out += fmt::format("{} ({}): {}\n", model::LossCauseName(cause), docs.size(),
                       model::LossCauseMeaning(cause));
    for (std::size_t i = 0; i < docs.size() && i < kDocsPerCause; ++i) {
      out += DocLine(r, *docs[i]) + "\n";
    }
    if (docs.size() > kDocsPerCause) {
      out += fmt::format("  ... and {} more\n", docs.size() - kDocsPerCause);
    }
  }
  out += "one document's whole story: --doc KEY\n";
  return out;
}

std::string StoryText(const Explanation& e, const model::DocStory& story) {
  const auto lost = std::find_if(e.docs.begin(), e.docs.end(),
                                 [&](const ExplainedDoc& d) { return d.story == &story; });
  std::string out =
      lost == e.docs.end()
          ? fmt::format("shard {}: not lost at the end\n", story.shard)
          : fmt::format("{} (shard {}): {}: {}\n", lost->key, story.shard,
                        model::LossCauseName(lost->cause), model::LossCauseMeaning(lost->cause));
  for (const Step& s : story.steps) out += StepText(e.result, s) + "\n";
  return out;
}

std::string ExplainJson(const Explanation& e) {
  using Json = nlohmann::ordered_json;
  Json causes = Json::object();
  Json docs = Json::array();
  for (const ExplainedDoc& d : e.docs) {
    const std::string name(model::LossCauseName(d.cause));
    causes[name] = causes.value(name, 0) + 1;
    Json steps = Json::array();
    for (const Step& s : d.story->steps) steps.push_back(StepText(e.result, s));
    docs.push_back(Json{{"key", d.key},
                        {"shard", d.story->shard},
                        {"write", model::WriteId(d.acked)},
                        {"resurrected", d.resurrected},
                        {"cause", name},
                        {"story", std::move(steps)}});
  }
  return Json{{"scenario", e.result.scenario},
              {"seed", e.result.seed},
              {"trace_hash", fmt::format("{:016x}", e.result.trace_hash)},
              {"lost", e.result.at_end.lost},
              {"resurrected", e.result.at_end.resurrected},
              {"causes", std::move(causes)},
              {"docs", std::move(docs)}}
             .dump() +
         "\n";
}

}  // namespace tools
