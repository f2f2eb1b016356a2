// The `expect:` block of a scenario: the table of expectations, their check,
// and their loading (see loader.h).
#include "tools/scenario/expect.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/check.h"
#include "tools/scenario/loader.h"

namespace tools {
namespace {

double Count(std::uint64_t value) {
  return static_cast<double>(value);
}

// The phase's index, or -1 for "none" and "refused".
double PhaseIndex(const std::string& name) {
  const auto phase = model::ParsePhase(name);
  return phase ? static_cast<double>(*phase) : -1;
}

std::string FormatRange(const ExpectRange& range) {
  if (range.min == range.max) return fmt::format("{}", range.min);
  if (std::isinf(range.max)) return fmt::format("at least {}", range.min);
  return fmt::format("in [{}, {}]", range.min, range.max);
}

// A value of `type` as the block writes it.
std::string FormatValue(ExpectType type, double value) {
  switch (type) {
    case ExpectType::kOutcome:
      return std::string(model::RunOutcomeName(static_cast<model::RunOutcome>(value)));
    case ExpectType::kPhase:
      return value < 0 ? "none" : model::PhaseName(static_cast<model::Phase>(value));
    case ExpectType::kBool:
      return value != 0 ? "true" : "false";
    case ExpectType::kCount:
    case ExpectType::kRate:
      return fmt::format("{}", value);
  }
  SIM_UNREACHABLE("expectation type {}", static_cast<int>(type));
}

}  // namespace

using model::RunResult;
const std::array<ExpectationInfo, 14> kExpectations = {{
    {"outcome", ExpectType::kOutcome,
     [](const RunResult& r) { return static_cast<double>(r.outcome); }},
    {"phase_reached", ExpectType::kPhase,
     [](const RunResult& r) { return PhaseIndex(r.phase_reached); }},
    {"acked", ExpectType::kCount, [](const RunResult& r) { return Count(r.writes.acked); }},
    {"lost_at_cutover", ExpectType::kCount,
     [](const RunResult& r) { return Count(r.at_cutover.lost); }},
    {"lost", ExpectType::kCount, [](const RunResult& r) { return Count(r.at_end.lost); }},
    {"loss_rate", ExpectType::kRate, [](const RunResult& r) { return r.at_end.loss_rate; }},
    {"divergent", ExpectType::kCount, [](const RunResult& r) { return Count(r.at_end.divergent); }},
    {"resurrected", ExpectType::kCount,
     [](const RunResult& r) { return Count(r.at_end.resurrected); }},
    {"migrated_docs", ExpectType::kCount,
     [](const RunResult& r) { return Count(r.counters.migrated_docs); }},
    {"delta_docs", ExpectType::kCount,
     [](const RunResult& r) { return Count(r.counters.delta_docs); }},
    {"ae_repairs", ExpectType::kCount,
     [](const RunResult& r) { return Count(r.counters.ae_repairs); }},
    {"destroyed", ExpectType::kCount,
     [](const RunResult& r) { return Count(r.destroyed.destroyed); }},
    {"cdc_anomalies", ExpectType::kCount,
     [](const RunResult& r) { return Count(r.cdc.anomalies); }},
    {"drain_timed_out", ExpectType::kBool,
     [](const RunResult& r) { return r.counters.drain_timed_out ? 1.0 : 0.0; }},
}};

const Expectation* Expectations::Find(std::string_view name) const {
  for (const Expectation& check : checks) {
    if (kExpectations[check.index].name == name) return &check;
  }
  return nullptr;
}

std::string Verdict::Miss() const {
  return fmt::format("{}: {}, expected {}", name, actual, expected);
}

std::vector<Verdict> CheckExpectations(const Expectations& expect, const RunResult& result) {
  std::vector<Verdict> verdicts;
  for (const Expectation& check : expect.checks) {
    const ExpectationInfo& info = kExpectations[check.index];
    const double actual = info.actual(result);
    Verdict& verdict = verdicts.emplace_back();
    verdict.name = info.name;
    verdict.held = check.range.Contains(actual);
    const bool exact = info.type == ExpectType::kCount || info.type == ExpectType::kRate;
    verdict.expected = exact ? FormatRange(check.range) : FormatValue(info.type, check.range.min);
    verdict.actual = FormatValue(info.type, actual);
    if (info.type == ExpectType::kOutcome) {
      verdict.actual +=
          fmt::format(" (reason: {})", result.reason.empty() ? "none" : result.reason);
    }
  }
  return verdicts;
}

std::vector<std::string> Misses(const std::vector<Verdict>& verdicts) {
  std::vector<std::string> misses;
  for (const Verdict& verdict : verdicts) {
    if (!verdict.held) misses.push_back(verdict.Miss());
  }
  return misses;
}

void ScenarioLoader::LoadExpect(const DocNode& node) {
  constexpr std::string_view kPath = "expect";
  Keys keys;
  for (const ExpectationInfo& info : kExpectations) keys.push_back(info.name);
  if (!reader_.IsMapping(node, kPath) || !reader_.KnownKeys(node, kPath, keys)) return;
  scenario_.has_expect = true;
  // In the table's order, which is the order misses are reported in.
  for (std::size_t i = 0; i < kExpectations.size(); ++i) {
    const ExpectationInfo& info = kExpectations[i];
    const DocNode* value = node.Find(info.name);
    if (value == nullptr) continue;
    if (const auto range = LoadExpectation(*value, ChildPath(kPath, info.name), info.type)) {
      scenario_.expect.checks.push_back({i, *range});
    }
  }
}

std::optional<ExpectRange> ScenarioLoader::LoadExpectation(const DocNode& node,
                                                           const std::string& path,
                                                           ExpectType type) {
  const auto exactly = [](std::optional<std::size_t> value) -> std::optional<ExpectRange> {
    if (!value) return std::nullopt;
    return ExpectRange{static_cast<double>(*value), static_cast<double>(*value)};
  };
  switch (type) {
    case ExpectType::kOutcome: {
      const Keys outcomes(model::kRunOutcomeNames.begin(), model::kRunOutcomeNames.end());
      return exactly(reader_.OneOf(node, path, outcomes));
    }
    case ExpectType::kPhase:
      return exactly(reader_.OneOf(node, path, PhaseNames()));
    case ExpectType::kBool: {
      const auto value = reader_.Bool(node, path);
      return exactly(value ? std::optional<std::size_t>(*value ? 1 : 0) : std::nullopt);
    }
    case ExpectType::kCount:
    case ExpectType::kRate:
      return LoadRange(node, path, type == ExpectType::kRate);
  }
  SIM_UNREACHABLE("expectation type {}", static_cast<int>(type));
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
