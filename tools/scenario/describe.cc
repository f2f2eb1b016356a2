// A loaded scenario's configuration in words, for the record and the table.
#include "tools/scenario/describe.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "tools/scenario/document.h"
#include "tools/scenario/knobs.h"

namespace tools {
namespace {

const char* OnOff(bool on) {
  return on ? "on" : "off";
}

void AddOnce(std::vector<std::string>& parts, std::string part) {
  if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(std::move(part));
}

// The paths that the words of a loaded scenario already state (the groups by
// their sizes only; DescribeRows() adds the params where that is not enough).
// An override the words state already: the groups by their sizes, and
// every knob (stated in words, or named by AddKnobReadings when it is off
// its default). `knobs` are the knobs' paths, as KnobValues spells them.
bool IsDescribedPath(const std::string& path, const std::set<std::string>& knobs) {
  if (path == "cluster.groups" || path == "cluster.replication_factor") return true;
  return knobs.contains(fmt::format("{}", fmt::join(CanonicalOverridePath(path), ".")));
}

// Each fault in words, once: "2 % write failures on new-1", "crash of
// orchestrator"; "random faults (swarm)" when the swarm draws more, and
// "no faults" when there are none.
std::vector<std::string> FaultMixWords(const Scenario& scenario) {
  std::vector<std::string> faults;
  for (const model::FaultConfig& fault : scenario.model.faults) {
    AddOnce(faults, model::FaultWords(fault));
  }
  if (scenario.swarm.enabled) faults.push_back("random faults (swarm)");
  if (faults.empty()) faults.push_back("no faults");
  return faults;
}

// "anti-entropy on, delta pass skipped, 1 node + new-3, 5 % write failures on new-3".
// Each knob the words above do not state, where it is not its default:
// "drain_settle=per_target", "migrations.1.recovery=restart" with several
// migrations, so a row says which reading it was made under.
void AddKnobReadings(const model::ModelConfig& config, std::vector<std::string>& parts) {
  static const std::set<std::string_view> kStated = {"skip_delta_pass", "anti_entropy_enabled",
                                                     "allow_unsafe", "enabled"};
  model::ModelConfig defaults;
  defaults.migrations.assign(config.migrations.size(), model::MigrationConfig{});
  const auto values = KnobValues(config);
  const auto default_values = KnobValues(defaults);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& path = values[i].first;
    const std::string_view key = std::string_view(path).substr(path.rfind('.') + 1);
    if (kStated.contains(key) || values[i].second == default_values[i].second) continue;
    const bool one = config.migrations.size() == 1 && path.starts_with("migrations.0.");
    parts.push_back(fmt::format("{}={}", one ? std::string(key) : path, values[i].second));
  }
}

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
                                    [](const auto& m) { return m.coordinator.skip_delta_pass; });
  const bool none_skip = std::none_of(migrations.begin(), migrations.end(),
                                      [](const auto& m) { return m.coordinator.skip_delta_pass; });
  const bool mixed = !all_skip && !none_skip;
  for (const model::MigrationConfig& m : migrations) {
    AddOnce(parts, fmt::format("delta pass {}{}", m.coordinator.skip_delta_pass ? "skipped" : "on",
                               mixed ? for_node(m) : std::string()));
    // The coordinator's flag is its own setting (model/README.md, 15): worth
    // saying only where it disagrees with the reconciler's.
    if (m.coordinator.anti_entropy_enabled != anti_entropy) {
      parts.push_back(fmt::format("coordinator's anti-entropy flag {}{}",
                                  OnOff(m.coordinator.anti_entropy_enabled), for_node(m)));
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
  std::string topology = fmt::format(
      "{} node{}",
      groups.size() > 1 ? fmt::format("{}", fmt::join(sizes, "+")) : std::to_string(nodes),
      nodes == 1 ? "" : "s");
  if (groups.size() > 1) topology += fmt::format(" in {} groups", groups.size());
  if (config.cluster.replication_factor > 1) {
    topology += fmt::format(", RF {}", config.cluster.replication_factor);
  }
  std::vector<std::string> added;
  for (const model::MigrationConfig& m : migrations) added.push_back(m.add_node);
  if (!added.empty()) topology += " + " + fmt::format("{}", fmt::join(added, ", "));
  parts.push_back(std::move(topology));

  const std::vector<std::string> faults = FaultMixWords(scenario);
  parts.insert(parts.end(), faults.begin(), faults.end());
  AddKnobReadings(config, parts);
  return parts;
}

}  // namespace

std::string DescribeFaultMix(const Scenario& scenario) {
  return fmt::format("{}", fmt::join(FaultMixWords(scenario), ", "));
}

std::string DescribeConfiguration(const Scenario& scenario) {
  std::vector<std::string> parts = ScenarioWords(scenario);
  std::set<std::string> knobs;
  for (const auto& [path, value] : KnobValues(scenario.model)) knobs.insert(path);
  for (const auto& [path, value] : OverridePairs(scenario.overrides)) {
    if (!IsDescribedPath(path, knobs)) parts.push_back(path + "=" + value);
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace tools
