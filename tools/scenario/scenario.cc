#include "tools/scenario/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <exception>
#include <filesystem>
#include <fstream>

#include "tools/scenario/document.h"
#include "tools/scenario/file_text.h"
#include "tools/scenario/loader.h"
#include "tools/scenario/reader.h"
#include "tools/scenario/seeds.h"

namespace tools {

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
  if (!check_matrix || sweep == nullptr) return scenario;
  // Each variant is the file without its sweep block (already loaded above),
  // so checking n values costs n loads of the rest, not n of the whole list.
  DocNode without_sweep = root;
  std::erase_if(without_sweep.entries, [](const DocEntry& e) { return e.key == "sweep"; });
  if (const DocNode* readings = sweep->Find("readings")) {
    for (std::size_t i = 0; i < readings->items.size(); ++i) {
      const DocNode& reading = readings->items[i];
      DocNode variant = without_sweep;
      for (const DocEntry& entry : reading.entries) {
        const auto grafted = GraftOverride(variant, SplitOverridePath(entry.key).value(),
                                           entry.value, entry.key_origin);
        if (!grafted.has_value()) {
          return sim::Err(source.Error(entry.key_origin,
                                       fmt::format("sweep.readings[{}]: {} cannot be set: {}", i,
                                                   QuoteForError(entry.key), grafted.error())));
        }
      }
      auto loaded = LoadTree(variant, source, /*check_matrix=*/false);
      if (loaded.has_value()) continue;
      const std::string& message = loaded.error().message;
      const std::string file_prefix = source.file + ":";
      const std::string inner =
          message.starts_with(file_prefix) ? "at " + message.substr(file_prefix.size()) : message;
      return sim::Err(source.Error(reading.origin, fmt::format("with sweep.readings[{}] = {}, {}",
                                                               i, ToFlowYaml(reading), inner)));
    }
  }
  const DocNode* matrix = sweep->Find("matrix");
  if (matrix == nullptr) return scenario;
  for (const DocEntry& entry : matrix->entries) {
    for (const DocNode& value : entry.value.items) {
      DocNode variant = without_sweep;
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

std::vector<std::pair<std::string, std::string>> OverridePairs(
    const std::vector<std::string>& sets) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const std::string& set : sets) {
    const std::size_t equals = set.find('=');
    SIM_ASSERT(equals != std::string::npos, "override without '=' past the loader: {}", set);
    std::string path = set.substr(0, equals);
    std::string value = set.substr(equals + 1);
    const auto same = std::find_if(pairs.begin(), pairs.end(),
                                   [&](const auto& pair) { return pair.first == path; });
    if (same == pairs.end()) {
      pairs.emplace_back(std::move(path), std::move(value));
    } else {
      same->second = std::move(value);
    }
  }
  return pairs;
}

namespace {

// The file's tree, which must be a mapping.
sim::Result<DocNode, LoadError> ParseRoot(const std::string& text, const DocSource& source) {
  auto parsed = ParseDocument(text, source);
  if (!parsed.has_value()) return sim::Err(parsed.error());
  if (parsed.value().kind != DocNode::Kind::kMapping) {
    DocReader reader(source);
    reader.IsMapping(parsed.value(), "");
    return sim::Err(*reader.error());
  }
  return std::move(parsed).value();
}

// Grafts source.sets onto root, then loads it.
sim::Result<Scenario, LoadError> LoadRoot(DocNode root, const DocSource& source, SweepCheck check) {
  const std::vector<std::string>& sets = source.sets;
  try {
    for (std::size_t i = 0; i < sets.size(); ++i) {
      const DocOrigin origin{1, 1, static_cast<int>(i)};
      auto override = ParseOverride(sets[i], static_cast<int>(i));
      if (!override.has_value()) return sim::Err(source.Error(origin, override.error()));
      DocOverride value = std::move(override).value();
      const auto grafted = GraftOverride(root, value.path, std::move(value.value), origin);
      if (!grafted.has_value()) return sim::Err(source.Error(origin, grafted.error()));
    }
    return LoadTree(root, source, check == SweepCheck::kEveryValue);
  } catch (const sim::InternalError&) {
    throw;  // a bug in the loader: exit 3, never a polite message
  } catch (const std::exception& e) {
    // Bad input never throws (yaml-cpp's exceptions are caught where it parses).
    sim::FailCheck(__FILE__, __LINE__,
                   fmt::format("unexpected exception while loading {}: {}", source.file, e.what()));
  }
}

// A loaded scenario with the text it was loaded from.
sim::Result<Scenario, LoadError> WithText(sim::Result<Scenario, LoadError> loaded,
                                          const std::string& text) {
  if (!loaded.has_value()) return loaded;
  Scenario scenario = std::move(loaded).value();
  scenario.text = text;
  return scenario;
}

sim::Result<std::string, LoadError> ReadScenarioText(const std::string& path) {
  auto text = ReadFileText(path, "scenario file", kScenarioFileBytesMax);
  if (!text.has_value()) {
    return sim::Err(LoadError{OneLine(fmt::format("{}:1:1: {}", path, text.error()))});
  }
  return std::move(text).value();
}

}  // namespace

sim::Result<Scenario, LoadError> LoadScenarioText(const std::string& text,
                                                  const std::string& file_label,
                                                  const std::vector<std::string>& sets,
                                                  SweepCheck check) {
  const DocSource source{file_label, sets};
  auto root = ParseRoot(text, source);
  if (!root.has_value()) return sim::Err(root.error());
  return WithText(LoadRoot(std::move(root).value(), source, check), text);
}

sim::Result<Scenario, LoadError> LoadScenarioFile(const std::string& path,
                                                  const std::vector<std::string>& sets,
                                                  SweepCheck check) {
  auto text = ReadScenarioText(path);
  if (!text.has_value()) return sim::Err(text.error());
  return LoadScenarioText(text.value(), path, sets, check);
}

sim::Result<ParsedScenario, LoadError> ParseScenarioFile(const std::string& path) {
  auto text = ReadScenarioText(path);
  if (!text.has_value()) return sim::Err(text.error());
  auto root = ParseRoot(text.value(), DocSource{path, {}});
  if (!root.has_value()) return sim::Err(root.error());
  ParsedScenario parsed{path, std::move(root).value(), text.value()};
  std::erase_if(parsed.root.entries, [](const DocEntry& e) { return e.key == "sweep"; });
  return parsed;
}

sim::Result<Scenario, LoadError> LoadGridPoint(const ParsedScenario& parsed,
                                               const std::vector<std::string>& sets) {
  return WithText(LoadRoot(parsed.root, DocSource{parsed.file, sets}, SweepCheck::kAsIs),
                  parsed.text);
}

}  // namespace tools
