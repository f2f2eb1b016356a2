// The `sweep:` block of a scenario (see loader.h).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "tools/scenario/loader.h"
#include "tools/scenario/seeds.h"

namespace tools {
namespace {

constexpr std::uint64_t kSeedsDefault = 100;  // `sweep:` without `seeds:`

}  // namespace

void ScenarioLoader::LoadSweep(const DocNode& node) {
  constexpr std::string_view kPath = "sweep";
  if (!reader_.IsMapping(node, kPath) ||
      !reader_.KnownKeys(node, kPath, {"seeds", "matrix", "readings"})) {
    return;
  }
  SweepConfig& sweep = scenario_.sweep;
  sweep.present = true;
  sweep.seed_first = 1;
  sweep.seed_last = kSeedsDefault;
  if (const DocNode* seeds = node.Find("seeds")) LoadSweepSeeds(*seeds);
  if (const DocNode* readings = node.Find("readings")) LoadSweepReadings(*readings);
  const DocNode* matrix = node.Find("matrix");
  if (!reader_.ok() || matrix == nullptr || !reader_.IsMapping(*matrix, "sweep.matrix")) return;
  std::uint64_t combinations = std::max<std::size_t>(sweep.readings.size(), 1);
  for (const DocEntry& entry : matrix->entries) {
    const std::string path = fmt::format("sweep.matrix.{}", entry.key);
    const auto segments = SplitOverridePath(entry.key);
    if (!segments.has_value()) {
      reader_.Fail(entry.key_origin, fmt::format("sweep.matrix: {}", segments.error()));
      return;
    }
    if (segments.value().front() == "sweep") {
      reader_.Fail(entry.key_origin, "sweep.matrix: a matrix cannot change the sweep itself");
      return;
    }
    if (!reader_.IsList(entry.value, path)) return;
    if (entry.value.items.empty()) {
      reader_.Fail(entry.value.origin, path + ": expected at least one value");
      return;
    }
    combinations *= entry.value.items.size();
    if (combinations > kSweepCombinationsMax) {
      reader_.Fail(entry.key_origin,
                   fmt::format("sweep.matrix: more than {} combinations", kSweepCombinationsMax));
      return;
    }
    for (const auto& [other, other_values] : sweep.matrix) {
      if (CanonicalOverridePath(other) == CanonicalOverridePath(entry.key)) {
        reader_.Fail(entry.key_origin,
                     fmt::format("sweep.matrix: {} names the same value as {}", entry.key, other));
        return;
      }
    }
    for (const auto& reading : sweep.readings) {
      for (const auto& [other, value] : OverridePairs(reading)) {
        if (CanonicalOverridePath(other) != CanonicalOverridePath(entry.key)) continue;
        reader_.Fail(entry.key_origin, fmt::format("sweep.matrix: {} is set by a reading too ({})",
                                                   entry.key, other));
        return;
      }
    }
    std::vector<std::string> values;
    std::set<std::string> seen;
    for (const DocNode& value : entry.value.items) {
      std::string text = ToFlowYaml(value);
      if (!seen.insert(text).second) {
        reader_.Fail(value.origin, fmt::format("{}: {} is listed twice", path, text));
        return;
      }
      values.push_back(std::move(text));
    }
    sweep.matrix.emplace_back(entry.key, std::move(values));
  }
}

// `readings: [{PATH: VALUE, ...}, ...]`: each item one set of overrides.
void ScenarioLoader::LoadSweepReadings(const DocNode& readings) {
  constexpr std::string_view kPath = "sweep.readings";
  if (!reader_.IsList(readings, kPath)) return;
  if (readings.items.empty()) {
    reader_.Fail(readings.origin, "sweep.readings: expected at least one reading");
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < readings.items.size(); ++i) {
    const DocNode& item = readings.items[i];
    const std::string path = fmt::format("{}[{}]", kPath, i);
    if (!reader_.IsMapping(item, path)) return;
    std::vector<std::string> sets;
    for (const DocEntry& entry : item.entries) {
      const auto segments = SplitOverridePath(entry.key);
      if (!segments.has_value()) {
        reader_.Fail(entry.key_origin, fmt::format("{}: {}", path, segments.error()));
        return;
      }
      if (segments.value().front() == "sweep") {
        reader_.Fail(entry.key_origin, path + ": a reading cannot change the sweep itself");
        return;
      }
      sets.push_back(entry.key + "=" + ToFlowYaml(entry.value));
    }
    const std::string text = ToFlowYaml(item);
    if (!seen.insert(text).second) {
      reader_.Fail(item.origin, fmt::format("{}: {} is listed twice", path, text));
      return;
    }
    scenario_.sweep.readings.push_back(std::move(sets));
  }
}

// `seeds: N` (1..N) or `seeds: "A..B"`.
void ScenarioLoader::LoadSweepSeeds(const DocNode& seeds) {
  SweepConfig& sweep = scenario_.sweep;
  const bool text =
      seeds.kind == DocNode::Kind::kScalar && ClassifyScalar(seeds) == ScalarType::kString;
  if (!text) {
    if (const auto count = reader_.Integer(seeds, "sweep.seeds", 1, kSeedsMax)) {
      sweep.seed_last = *count;
    }
  } else if (const auto range = ParseSeeds(seeds.text); range.has_value()) {
    sweep.seed_first = range.value().first;
    sweep.seed_last = range.value().last;
  } else if (range.error().well_formed) {
    reader_.Fail(seeds.origin, "sweep.seeds: " + range.error().message);
    return;
  } else {
    reader_.Fail(seeds.origin, fmt::format("sweep.seeds: expected a count or \"A..B\", got {}",
                                           DescribeNode(seeds)));
    return;
  }
}

}  // namespace tools
