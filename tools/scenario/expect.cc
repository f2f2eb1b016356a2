// The `expect:` block of a scenario (see loader.h).
#include <fmt/format.h>

#include "tools/scenario/loader.h"

namespace tools {
namespace {

const Keys kExpectKeys = {"outcome",        "phase_reached", "acked",      "lost_at_cutover",
                          "lost",           "loss_rate",     "divergent",  "resurrected",
                          "migrated_docs",  "delta_docs",    "ae_repairs", "cdc_anomalies",
                          "drain_timed_out"};

}  // namespace

void ScenarioLoader::LoadExpect(const DocNode& node) {
  constexpr std::string_view kPath = "expect";
  if (!reader_.IsMapping(node, kPath) || !reader_.KnownKeys(node, kPath, kExpectKeys)) return;
  scenario_.has_expect = true;
  Expectations& expect = scenario_.expect;
  if (const DocNode* outcome = node.Find("outcome")) {
    const Keys outcomes = {"complete", "refused", "failed"};
    if (const auto index = reader_.OneOf(*outcome, "expect.outcome", outcomes)) {
      expect.outcome = std::string(outcomes[*index]);
    }
  }
  if (const DocNode* phase = node.Find("phase_reached")) {
    if (const auto index = reader_.OneOf(*phase, "expect.phase_reached", PhaseNames())) {
      expect.phase_reached = static_cast<model::Phase>(*index);
    }
  }
  const std::pair<std::string_view, std::optional<ExpectRange>*> ranges[] = {
      {"acked", &expect.acked},
      {"lost_at_cutover", &expect.lost_at_cutover},
      {"lost", &expect.lost},
      {"loss_rate", &expect.loss_rate},
      {"divergent", &expect.divergent},
      {"resurrected", &expect.resurrected},
      {"migrated_docs", &expect.migrated_docs},
      {"delta_docs", &expect.delta_docs},
      {"ae_repairs", &expect.ae_repairs},
      {"cdc_anomalies", &expect.cdc_anomalies}};
  for (const auto& [key, out] : ranges) {
    if (const DocNode* value = node.Find(key)) {
      *out = LoadRange(*value, ChildPath(kPath, key), /*rate=*/key == "loss_rate");
    }
  }
  if (const DocNode* timed_out = node.Find("drain_timed_out")) {
    expect.drain_timed_out = reader_.Bool(*timed_out, "expect.drain_timed_out");
  }
}

std::optional<ExpectRange> ScenarioLoader::LoadRange(const DocNode& node, const std::string& path,
                                                     bool rate) {
  // A count is an integer in practice; any number is accepted, as in {min: 0.5}.
  const double limit = rate ? 1.0 : static_cast<double>(UINT64_MAX);
  if (node.kind != DocNode::Kind::kMapping) {
    const auto value = reader_.Number(node, path, 0, limit);
    if (!value) return std::nullopt;
    return ExpectRange{*value, *value};
  }
  if (!reader_.KnownKeys(node, path, {"min", "max"})) return std::nullopt;
  if (node.entries.empty()) {
    reader_.Fail(node.origin, path + ": expected min, max or both");
    return std::nullopt;
  }
  ExpectRange range;  // open: [0, +infinity)
  if (rate) range.max = 1.0;
  reader_.NumberField(node, path, "min", 0, limit, false, range.min);
  reader_.NumberField(node, path, "max", 0, limit, false, range.max);
  if (reader_.ok() && range.max < range.min) {
    reader_.Fail(node.Find("max")->origin, fmt::format("{}: max is less than min", path));
    return std::nullopt;
  }
  return range;
}

}  // namespace tools
