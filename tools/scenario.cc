#include "tools/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <filesystem>
#include <fstream>

#include "tools/scenario_document.h"
#include "tools/scenario_loader.h"
#include "tools/scenario_reader.h"

namespace tools {
namespace {

constexpr std::uint64_t kSeedsDefault = 100;  // `sweep:` without `seeds:`

const Keys kExpectKeys = {"outcome",        "phase_reached", "acked",      "lost_at_cutover",
                          "lost",           "loss_rate",     "divergent",  "resurrected",
                          "migrated_docs",  "delta_docs",    "ae_repairs", "cdc_anomalies",
                          "drain_timed_out"};

// "A..B" with A and B decimal seeds.
std::optional<std::pair<std::uint64_t, std::uint64_t>> ParseSeedRange(std::string_view text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) return std::nullopt;
  const auto parse = [](std::string_view digits) -> std::optional<std::uint64_t> {
    std::uint64_t value = 0;
    const char* end = digits.data() + digits.size();
    const auto [stop, error] = std::from_chars(digits.data(), end, value);
    if (digits.empty() || error != std::errc() || stop != end) return std::nullopt;
    return value;
  };
  const auto first = parse(text.substr(0, dots));
  const auto last = parse(text.substr(dots + 2));
  if (!first || !last) return std::nullopt;
  return std::pair{*first, *last};
}

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

void ScenarioLoader::LoadSweep(const DocNode& node) {
  constexpr std::string_view kPath = "sweep";
  if (!reader_.IsMapping(node, kPath) || !reader_.KnownKeys(node, kPath, {"seeds", "matrix"})) {
    return;
  }
  SweepConfig& sweep = scenario_.sweep;
  sweep.present = true;
  sweep.seed_first = 1;
  sweep.seed_last = kSeedsDefault;
  if (const DocNode* seeds = node.Find("seeds")) {
    const bool text =
        seeds->kind == DocNode::Kind::kScalar && ClassifyScalar(*seeds) == ScalarType::kString;
    if (!text) {
      if (const auto count = reader_.Integer(*seeds, "sweep.seeds", 1, UINT64_MAX)) {
        sweep.seed_last = *count;
      }
    } else if (const auto range = ParseSeedRange(seeds->text)) {
      if (range->second < range->first) {
        reader_.Fail(seeds->origin, fmt::format("sweep.seeds: {} ends before it begins",
                                                QuoteForError(seeds->text)));
        return;
      }
      sweep.seed_first = range->first;
      sweep.seed_last = range->second;
    } else {
      reader_.Fail(seeds->origin, fmt::format("sweep.seeds: expected a count or \"A..B\", got {}",
                                              DescribeNode(*seeds)));
      return;
    }
  }
  const DocNode* matrix = node.Find("matrix");
  if (matrix == nullptr || !reader_.IsMapping(*matrix, "sweep.matrix")) return;
  std::uint64_t combinations = 1;
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
    std::vector<std::string> values;
    for (const DocNode& value : entry.value.items) {
      std::string text = ToFlowYaml(value);
      if (std::find(values.begin(), values.end(), text) != values.end()) {
        reader_.Fail(value.origin, fmt::format("{}: {} is listed twice", path, text));
        return;
      }
      values.push_back(std::move(text));
    }
    sweep.matrix.emplace_back(entry.key, std::move(values));
  }
}

namespace {

// Loads one tree; with check_matrix, also loads the tree once with each
// matrix value in place, so a sweep cannot fail on a value it never tried.
sim::Result<Scenario, LoadError> LoadTree(const DocNode& root, const DocSource& source,
                                          bool check_matrix) {
  Scenario scenario;
  scenario.file = source.file;
  scenario.overrides = source.sets;
  if (auto error = ScenarioLoader(source, scenario).Load(root)) return sim::Err(*error);
  const DocNode* sweep = root.Find("sweep");
  const DocNode* matrix = sweep == nullptr ? nullptr : sweep->Find("matrix");
  if (!check_matrix || matrix == nullptr) return scenario;
  for (const DocEntry& entry : matrix->entries) {
    for (const DocNode& value : entry.value.items) {
      DocNode variant = root;
      // The value keeps its place in the file, so an error about it points there.
      const auto grafted =
          GraftOverride(variant, SplitOverridePath(entry.key).value(), value, entry.key_origin);
      if (!grafted.has_value()) {
        return sim::Err(
            source.Error(entry.key_origin, fmt::format("sweep.matrix: {} cannot be set: {}",
                                                       QuoteForError(entry.key), grafted.error())));
      }
      auto loaded = LoadTree(variant, source, /*check_matrix=*/false);
      if (loaded.has_value()) continue;
      const std::string& message = loaded.error().message;
      if (message.starts_with(source.Where(value.origin) + ": ")) return loaded;
      const std::string at_key = source.Where(entry.key_origin) + ": ";
      if (message.starts_with(at_key)) {  // about the path itself
        return sim::Err(source.Error(entry.key_origin,
                                     fmt::format("sweep.matrix {}: {}", QuoteForError(entry.key),
                                                 message.substr(at_key.size()))));
      }
      // Elsewhere in the same file: name the line and column only once per file.
      const std::string file_prefix = source.file + ":";
      const std::string inner =
          message.starts_with(file_prefix) ? "at " + message.substr(file_prefix.size()) : message;
      return sim::Err(source.Error(
          value.origin, fmt::format("with sweep.matrix {} = {}, {}", QuoteForError(entry.key),
                                    ToFlowYaml(value), inner)));
    }
  }
  return scenario;
}

}  // namespace

sim::Result<Scenario, LoadError> LoadScenarioText(const std::string& text,
                                                  const std::string& file_label,
                                                  const std::vector<std::string>& sets) {
  const DocSource source{file_label, sets};
  try {
    auto parsed = ParseDocument(text, source);
    if (!parsed.has_value()) return sim::Err(parsed.error());
    DocNode root = std::move(parsed).value();
    if (root.kind != DocNode::Kind::kMapping) {
      DocReader reader(source);
      reader.IsMapping(root, "");
      return sim::Err(*reader.error());
    }
    for (std::size_t i = 0; i < sets.size(); ++i) {
      const DocOrigin origin{1, 1, static_cast<int>(i)};
      auto override = ParseOverride(sets[i], static_cast<int>(i));
      if (!override.has_value()) return sim::Err(source.Error(origin, override.error()));
      DocOverride value = std::move(override).value();
      const auto grafted = GraftOverride(root, value.path, std::move(value.value), origin);
      if (!grafted.has_value()) return sim::Err(source.Error(origin, grafted.error()));
    }
    return LoadTree(root, source, /*check_matrix=*/true);
  } catch (const sim::InternalError&) {
    throw;  // a bug in the loader: exit 3, never a polite message
  } catch (const std::exception& e) {
    // Bad input never throws (yaml-cpp's exceptions are caught where it parses).
    sim::FailCheck(__FILE__, __LINE__,
                   fmt::format("unexpected exception while loading {}: {}", file_label, e.what()));
  }
}

sim::Result<Scenario, LoadError> LoadScenarioFile(const std::string& path,
                                                  const std::vector<std::string>& sets) {
  const auto fail = [&](std::string_view why) {
    return sim::Err(LoadError{fmt::format("{}:1:1: {}", path, why)});
  };
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return fail("no such file");
  if (std::filesystem::is_directory(path, error))
    return fail("is a directory, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open the file");
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kScenarioFileBytesMax) {
      return fail(fmt::format("file larger than {} bytes", kScenarioFileBytesMax));
    }
  }
  if (in.bad()) return fail("cannot read the file");
  return LoadScenarioText(text, path, sets);
}

}  // namespace tools
