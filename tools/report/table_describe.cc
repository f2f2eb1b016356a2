// The configuration of a table row in words. A record's params hold only the
// overrides, so the words come from the scenario file the record names,
// loaded with those overrides; the params alone are the fallback when that
// file is not where the record says (a table made on another machine).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "tools/scenario/scenario.h"
#include "tools/report/table.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;

std::optional<bool> AsBool(const std::string& text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

const char* OnOff(bool on) {
  return on ? "on" : "off";
}

// Words for the overrides the table's readers ask about, of the first (or
// only) migration; nothing for any other path.
std::optional<std::string> ParamWords(const std::string& path, const std::string& text) {
  const std::optional<bool> on = AsBool(text);
  if (!on) return std::nullopt;
  if (path == "anti_entropy.enabled") return fmt::format("anti-entropy {}", OnOff(*on));
  const std::string_view tail = path.starts_with("migrations.0.")
                                    ? std::string_view(path).substr(13)
                                : path.starts_with("migration.") ? std::string_view(path).substr(10)
                                                                 : std::string_view();
  if (tail == "skip_delta_pass") return *on ? "delta pass skipped" : "delta pass on";
  if (tail == "anti_entropy_enabled")
    return fmt::format("coordinator's anti-entropy flag {}", OnOff(*on));
  if (tail == "allow_unsafe") return *on ? "unsafe cutover allowed" : "unsafe cutover refused";
  return std::nullopt;
}

// The paths that the words of a loaded scenario already state (the groups by
// their sizes only; DescribeRows() adds the params where that is not enough).
bool IsDescribedPath(const std::string& path) {
  static const std::regex kDescribed(
      R"(anti_entropy\.enabled|cluster\.(groups|replication_factor)|)"
      R"(migrations?\.(\d+\.)?(skip_delta_pass|anti_entropy_enabled|allow_unsafe))");
  return std::regex_match(path, kDescribed);
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

void AddOnce(std::vector<std::string>& parts, std::string part) {
  if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(std::move(part));
}

std::string FaultWords(const model::FaultConfig& fault) {
  switch (fault.kind) {
    case model::FaultKind::kWriteFailure:
      return fmt::format("{:g} % write failures on {}", 100 * fault.probability, fault.node);
    case model::FaultKind::kPartition:
      return fmt::format("partition between {} and {}", Join(fault.side_a, "+"),
                         Join(fault.side_b, "+"));
    case model::FaultKind::kCrash:
      return fmt::format("crash of {}", fault.node);
    case model::FaultKind::kSlow:
      return fmt::format("{} slowed {}x", fault.node, fault.latency_factor);
    case model::FaultKind::kStall:
      return fmt::format("stall of {}", fault.node);
    case model::FaultKind::kClockSkew:
      return fmt::format("clock skew on {}", fault.node);
  }
  return "unknown fault";
}

// "anti-entropy on, delta pass skipped, 1 node + new-3, 5 % write failures on new-3".
std::vector<std::string> ScenarioWords(const Scenario& scenario) {
  const model::ModelConfig& config = scenario.model;
  const bool anti_entropy = config.anti_entropy.enabled;
  std::vector<std::string> parts = {fmt::format("anti-entropy {}", OnOff(anti_entropy))};
  const auto& migrations = config.migrations;
  const bool several = migrations.size() > 1;
  const auto for_node = [&](const model::MigrationConfig& m) {
    return several ? fmt::format(" for {}", m.add_node) : std::string();
  };
  if (migrations.empty()) parts.push_back("no migration");
  const bool all_skip = std::all_of(migrations.begin(), migrations.end(),
                                    [](const auto& m) { return m.skip_delta_pass; });
  const bool none_skip = std::none_of(migrations.begin(), migrations.end(),
                                      [](const auto& m) { return m.skip_delta_pass; });
  const bool mixed = !all_skip && !none_skip;
  for (const model::MigrationConfig& m : migrations) {
    AddOnce(parts, fmt::format("delta pass {}{}", m.skip_delta_pass ? "skipped" : "on",
                               mixed ? for_node(m) : std::string()));
    // The coordinator's flag is its own setting (model/README.md, 15): worth
    // saying only where it disagrees with the reconciler's.
    if (m.anti_entropy_enabled != anti_entropy) {
      parts.push_back(fmt::format("coordinator's anti-entropy flag {}{}",
                                  OnOff(m.anti_entropy_enabled), for_node(m)));
    }
    if (m.allow_unsafe) parts.push_back(fmt::format("unsafe cutover allowed{}", for_node(m)));
  }

  // "3 nodes", or "2+2 nodes in 2 groups": each replica group's size.
  const auto& groups = config.cluster.groups;
  std::size_t nodes = 0;
  std::vector<std::string> sizes;
  for (const auto& group : groups) {
    nodes += group.size();
    sizes.push_back(std::to_string(group.size()));
  }
  std::string topology =
      fmt::format("{} node{}", groups.size() > 1 ? Join(sizes, "+") : std::to_string(nodes),
                  nodes == 1 ? "" : "s");
  if (groups.size() > 1) topology += fmt::format(" in {} groups", groups.size());
  if (config.cluster.replication_factor > 1) {
    topology += fmt::format(", RF {}", config.cluster.replication_factor);
  }
  std::vector<std::string> added;
  for (const model::MigrationConfig& m : migrations) added.push_back(m.add_node);
  if (!added.empty()) topology += " + " + Join(added, ", ");
  parts.push_back(std::move(topology));

  std::vector<std::string> faults;
  for (const model::FaultConfig& fault : config.faults) AddOnce(faults, FaultWords(fault));
  if (scenario.swarm.enabled) faults.push_back("random faults (swarm)");
  if (faults.empty()) faults.push_back("no faults");
  parts.insert(parts.end(), faults.begin(), faults.end());
  return parts;
}

std::string FallbackWords(const TableRow& row) {
  std::string words = DescribeParams(row.params);
  if (!words.empty()) return words;
  return fmt::format("as in {}", row.file.empty() ? row.scenario : row.file);
}

}  // namespace

std::string DescribeParams(const Json& params) {
  std::vector<std::string> parts;
  for (const auto& [path, value] : params.items()) {
    const std::string text = ParamText(value);
    parts.push_back(ParamWords(path, text).value_or(fmt::format("{}={}", path, text)));
  }
  return Join(parts, ", ");
}

std::optional<std::string> DescribeRow(TableRow& row) {
  const auto fall_back = [&](const std::string& why) {
    row.configuration = FallbackWords(row);
    return fmt::format("warning: {} is described from its params only: {}", row.scenario, why);
  };
  if (row.file.empty()) return fall_back("its records name no scenario file");
  std::vector<std::string> sets;
  for (const auto& [path, value] : row.params.items())
    sets.push_back(fmt::format("{}={}", path, ParamText(value)));
  const auto loaded = LoadScenarioFile(row.file, sets);
  if (!loaded.has_value()) return fall_back(loaded.error().message);
  if (loaded.value().model.name != row.scenario) {
    return fall_back(
        fmt::format("{} now names scenario \"{}\"", row.file, loaded.value().model.name));
  }
  std::vector<std::string> parts = ScenarioWords(loaded.value());
  for (const auto& [path, value] : row.params.items()) {
    if (!IsDescribedPath(path)) parts.push_back(fmt::format("{}={}", path, ParamText(value)));
  }
  row.configuration = Join(parts, ", ");
  return std::nullopt;
}

std::vector<std::string> DescribeRows(std::vector<TableRow>& rows) {
  std::vector<std::string> warnings;
  std::set<std::string> warned_files;  // one warning per scenario file, not per row
  for (TableRow& row : rows) {
    const std::optional<std::string> warning = DescribeRow(row);
    if (warning && warned_files.insert(row.file).second) warnings.push_back(*warning);
  }
  // Rows of one scenario that read the same (groups of the same sizes but
  // other nodes, say) must still tell apart: spell out all their params.
  std::map<std::pair<std::string, std::string>, int> seen;
  for (const TableRow& row : rows) ++seen[{row.scenario, row.configuration}];
  for (TableRow& row : rows) {
    if (seen[{row.scenario, row.configuration}] < 2 || row.params.empty()) continue;
    std::vector<std::string> params;
    for (const auto& [path, value] : row.params.items()) {
      params.push_back(fmt::format("{}={}", path, ParamText(value)));
    }
    row.configuration += fmt::format(" ({})", Join(params, ", "));
  }
  return warnings;
}

}  // namespace tools
