#include "tools/report/run_diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "model/keyspace.h"
#include "sim/time.h"
#include "tools/report/event_log.h"

namespace tools {
namespace {

constexpr std::size_t kKeysShown = 3;

bool Same(const sim::TraceRecord& x, const sim::TraceRecord& y) {
  return x.at == y.at && x.kind == y.kind && x.subject == y.subject && x.a == y.a && x.b == y.b;
}

std::string Event(const model::ModelConfig& config, const sim::TraceRecord& record) {
  return fmt::format("{} {{{}}}", sim::FormatDuration(record.at),
                     RecordFields(config, NodeNames(config), record));
}

// A lost document by its key, which A and B share even where their key
// spaces number documents differently.
struct Lost {
  std::string key;
  model::LossCause cause;
};

std::vector<Lost> LostOf(const model::ModelConfig& config, const model::RunResult& r) {
  const model::Keyspace keys(config.workload.key_space, config.cluster.shards, 0,
                             config.workload.key_list);
  std::vector<Lost> out;
  for (const model::LostDoc& d : r.at_end.lost_docs) out.push_back({keys.Key(d.doc), d.cause});
  return out;
}

// "3 (error_reply_acked 2, stale_copy_overwrite 1): doc-1, doc-7, doc-9"
std::string Side(const std::vector<const Lost*>& docs) {
  if (docs.empty()) return "0";
  model::CauseCounts causes{};
  for (const Lost* d : docs) ++causes[static_cast<std::size_t>(d->cause)];
  std::string out = fmt::format("{} ({}): ", docs.size(), model::CausesText(causes));
  for (std::size_t i = 0; i < docs.size() && i < kKeysShown; ++i) {
    out += (i == 0 ? "" : ", ") + docs[i]->key;
  }
  if (docs.size() > kKeysShown) out += fmt::format(", ... {} more", docs.size() - kKeysShown);
  return out;
}

}  // namespace

std::optional<std::size_t> FirstDivergence(const model::RunResult& a, const model::RunResult& b) {
  const std::size_t common = std::min(a.trace.size(), b.trace.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (!Same(a.trace[i], b.trace[i])) return i;
  }
  if (a.trace.size() != b.trace.size()) return common;
  return std::nullopt;
}

std::string DiffText(const model::ModelConfig& a_config, const model::RunResult& a,
                     const model::ModelConfig& b_config, const model::RunResult& b) {
  std::string out;
  const std::optional<std::size_t> at = FirstDivergence(a, b);
  if (!at) {
    out += fmt::format("the runs do not part: the same {} records{}\n", a.trace.size(),
                       a.trace_hash == b.trace_hash ? ", the same trace hash" : " kept");
  } else {
    out += fmt::format("first divergence at record {}:\n", *at);
    if (*at > 0) out += "  last shared  " + Event(a_config, a.trace[*at - 1]) + "\n";
    out += "  A            " +
           (*at < a.trace.size() ? Event(a_config, a.trace[*at]) : std::string("(the run ended)")) +
           "\n";
    out += "  B            " +
           (*at < b.trace.size() ? Event(b_config, b.trace[*at]) : std::string("(the run ended)")) +
           "\n";
  }
  out += fmt::format("A: {} lost, {} resurrected at the end; B: {} lost, {} resurrected\n",
                     a.at_end.lost, a.at_end.resurrected, b.at_end.lost, b.at_end.resurrected);
  const std::vector<Lost> lost_a = LostOf(a_config, a);
  const std::vector<Lost> lost_b = LostOf(b_config, b);
  std::map<std::string, const Lost*> in_b;
  for (const Lost& d : lost_b) in_b.emplace(d.key, &d);
  std::vector<const Lost*> a_only;
  std::vector<const Lost*> both;
  for (const Lost& d : lost_a) {
    const auto found = in_b.find(d.key);
    if (found == in_b.end()) {
      a_only.push_back(&d);
    } else {
      both.push_back(&d);
      in_b.erase(found);
    }
  }
  std::vector<const Lost*> b_only;
  for (const Lost& d : lost_b) {
    if (in_b.contains(d.key)) b_only.push_back(&d);
  }
  out += "  lost in A only  " + Side(a_only) + "\n";
  out += "  lost in B only  " + Side(b_only) + "\n";
  out += "  lost in both    " + Side(both) + " (causes as in A)\n";
  return out;
}

}  // namespace tools
