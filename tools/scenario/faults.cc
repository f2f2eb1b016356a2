// The `faults:` and `swarm:` blocks of a scenario (see loader.h).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "tools/scenario/loader.h"

namespace tools {
namespace {

using model::FaultKind;

constexpr std::uint32_t kLatencyFactorMax = 1'000'000;
constexpr std::uint32_t kSwarmFaultsMax = 64;

const NamedValues<FaultKind> kFaultKinds = {{"write_failure", FaultKind::kWriteFailure},
                                            {"partition", FaultKind::kPartition},
                                            {"crash", FaultKind::kCrash},
                                            {"slow", FaultKind::kSlow},
                                            {"stall", FaultKind::kStall},
                                            {"clock_skew", FaultKind::kClockSkew}};

// Keys of a fault by kind (the order of kFaultKinds), and which are required.
struct FaultKeys {
  Keys keys;
  Keys required;
};
const std::vector<FaultKeys> kFaultKeys = {
    {{"kind", "node", "probability", "from", "until", "shards"}, {"node", "probability"}},
    {{"kind", "between", "at", "duration"}, {"between", "at"}},
    {{"kind", "target", "at", "restart_after"}, {"target", "at"}},
    {{"kind", "node", "latency_factor", "at", "duration"}, {"node", "latency_factor", "at"}},
    {{"kind", "node", "at", "duration"}, {"node", "at"}},
    {{"kind", "target", "at", "offset", "duration"}, {"target", "at", "offset"}}};

std::string KindName(FaultKind kind) {
  for (const auto& [name, value] : kFaultKinds) {
    if (value == kind) return std::string(name);
  }
  SIM_UNREACHABLE("fault kind {}", static_cast<int>(kind));
}

}  // namespace

void ScenarioLoader::LoadFault(const DocNode& node, const std::string& path) {
  if (!reader_.IsMapping(node, path) || !reader_.Has(node, path, "kind")) return;
  const auto kind = reader_.Enum(*node.Find("kind"), ChildPath(path, "kind"), kFaultKinds);
  if (!kind || !FaultKeysFit(node, path, static_cast<std::size_t>(*kind))) return;
  model::FaultConfig& fault = config_.faults.emplace_back();
  fault.kind = *kind;
  // crash and clock_skew have a `target`, which may be the orchestrator; the others a `node`.
  const bool targeted = *kind == FaultKind::kCrash || *kind == FaultKind::kClockSkew;
  const std::string_view name_key = targeted ? "target" : "node";
  if (const DocNode* name = node.Find(name_key)) {
    if (const auto text = reader_.String(*name, ChildPath(path, name_key))) {
      fault.node = *text;
      UseName(*name, ChildPath(path, name_key), /*orchestrator_ok=*/targeted);
    }
  }
  reader_.TimePointField(node, path, *kind == FaultKind::kWriteFailure ? "from" : "at", fault.from);
  switch (*kind) {
    case FaultKind::kWriteFailure:
      reader_.NumberField(node, path, "probability", 0, 1, false, fault.probability);
      if (const DocNode* until = node.Find("until")) {
        if (const auto point = reader_.TimePoint(*until, ChildPath(path, "until"))) {
          fault.until = *point;
          if (reader_.ok() && point->phase == fault.from.phase &&
              point->offset < fault.from.offset) {
            const DocNode* from = node.Find("from");
            reader_.Fail(until->origin, fmt::format("{}.until: {} is before from ({})", path,
                                                    until->text, from ? from->text : "0s"));
          }
        }
      }
      if (const DocNode* shards = node.Find("shards")) {
        if (reader_.IsList(*shards, ChildPath(path, "shards"))) {
          UseShards(*shards, ChildPath(path, "shards"), fault.shards);
        }
      }
      return;
    case FaultKind::kPartition:
      LoadSides(*node.Find("between"), ChildPath(path, "between"), fault);
      reader_.DurationField(node, path, "duration", false, true, fault.duration);
      return;
    case FaultKind::kCrash:
      reader_.DurationField(node, path, "restart_after", false, false, fault.duration);
      return;
    case FaultKind::kSlow:
      reader_.IntegerField(node, path, "latency_factor", 1, kLatencyFactorMax,
                           fault.latency_factor);
      reader_.DurationField(node, path, "duration", false, true, fault.duration);
      return;
    case FaultKind::kStall:
      reader_.DurationField(node, path, "duration", false, true, fault.duration);
      return;
    case FaultKind::kClockSkew:
      reader_.DurationField(node, path, "offset", true, false, fault.offset);
      reader_.DurationField(node, path, "duration", false, true, fault.duration);
      return;
  }
}

bool ScenarioLoader::FaultKeysFit(const DocNode& node, const std::string& path,
                                  std::size_t kind_index) {
  const FaultKeys& own = kFaultKeys[kind_index];
  const std::string_view kind_name = kFaultKinds[kind_index].first;
  for (const DocEntry& entry : node.entries) {
    if (std::find(own.keys.begin(), own.keys.end(), entry.key) != own.keys.end()) continue;
    bool elsewhere = false;
    for (const FaultKeys& other : kFaultKeys) {
      elsewhere = elsewhere ||
                  std::find(other.keys.begin(), other.keys.end(), entry.key) != other.keys.end();
    }
    if (elsewhere) {
      reader_.Fail(
          entry.key_origin,
          fmt::format("key {} does not apply to a {} fault in {} (it takes {})",
                      QuoteForError(entry.key), kind_name, path, JoinAlternatives(own.keys)));
      return false;
    }
    return reader_.KnownKeys(node, path, own.keys);
  }
  for (const std::string_view key : own.required) {
    if (!reader_.Has(node, path, key, fmt::format(" for a {} fault", kind_name))) return false;
  }
  return true;
}

// `between: [a, b]` with each side a name or a list of names, or
// `[a, b, c, ...]`: side A is the first name, side B the rest.
void ScenarioLoader::LoadSides(const DocNode& node, const std::string& path,
                               model::FaultConfig& fault) {
  if (!reader_.IsList(node, path)) return;
  if (node.items.size() < 2) {
    reader_.Fail(node.origin, fmt::format("{}: expected two sides, like [orchestrator, new-3] or "
                                          "[[old-0, old-1], [new-3]]",
                                          path));
    return;
  }
  const bool nested = std::any_of(node.items.begin(), node.items.end(), [](const DocNode& item) {
    return item.kind == DocNode::Kind::kSequence;
  });
  if (nested && node.items.size() > 2) {
    reader_.Fail(node.origin, fmt::format("{}: with a list for a side, expected exactly two "
                                          "sides, got {}",
                                          path, node.items.size()));
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const DocNode& side = node.items[i];
    std::vector<std::string>& names = i == 0 ? fault.side_a : fault.side_b;
    const bool list = side.kind == DocNode::Kind::kSequence;
    if (list && side.items.empty()) {
      reader_.Fail(side.origin, fmt::format("{}: expected at least one name", ItemPath(path, i)));
      return;
    }
    const std::size_t count = list ? side.items.size() : 1;
    for (std::size_t n = 0; n < count; ++n) {
      const DocNode& item = list ? side.items[n] : side;
      const std::string item_path = list ? ItemPath(ItemPath(path, i), n) : ItemPath(path, i);
      const auto name = reader_.String(item, item_path);
      if (!name) return;
      if (!seen.insert(*name).second) {
        reader_.Fail(item.origin, fmt::format("{}: {} is named twice in the partition", item_path,
                                              QuoteForError(*name)));
        return;
      }
      names.push_back(*name);
      UseName(item, item_path, /*orchestrator_ok=*/true);
    }
  }
}

void ScenarioLoader::LoadSwarm(const DocNode& node) {
  constexpr std::string_view kPath = "swarm";
  if (!reader_.IsMapping(node, kPath) ||
      !reader_.KnownKeys(node, kPath, {"kinds", "max_faults", "window"})) {
    return;
  }
  SwarmConfig& swarm = scenario_.swarm;
  swarm.enabled = true;
  if (const DocNode* kinds = node.Find("kinds")) {
    if (!reader_.IsList(*kinds, "swarm.kinds")) return;
    if (kinds->items.empty()) {
      reader_.Fail(kinds->origin, "swarm.kinds: expected at least one kind");
    }
    swarm.kinds.clear();
    for (std::size_t i = 0; i < kinds->items.size(); ++i) {
      const std::string item_path = ItemPath("swarm.kinds", i);
      const auto kind = reader_.Enum(kinds->items[i], item_path, kFaultKinds);
      if (!kind) return;
      if (std::find(swarm.kinds.begin(), swarm.kinds.end(), *kind) != swarm.kinds.end()) {
        reader_.Fail(kinds->items[i].origin,
                     fmt::format("{}: {} is listed twice", item_path, KindName(*kind)));
        return;
      }
      swarm.kinds.push_back(*kind);
    }
  }
  reader_.IntegerField(node, kPath, "max_faults", 0, kSwarmFaultsMax, swarm.max_faults);
  if (const DocNode* window = node.Find("window")) {
    if (!reader_.IsList(*window, "swarm.window")) return;
    if (window->items.size() != 2) {
      reader_.Fail(window->origin,
                   fmt::format("swarm.window: expected [begin, end], got {} item{}",
                               window->items.size(), window->items.size() == 1 ? "" : "s"));
      return;
    }
    const auto begin = reader_.Duration(window->items[0], "swarm.window[0]", false, false);
    const auto end = reader_.Duration(window->items[1], "swarm.window[1]", false, false);
    if (!begin || !end) return;
    if (*end < *begin) {
      reader_.Fail(window->items[1].origin,
                   fmt::format("swarm.window: end {} is before begin {}", sim::FormatDuration(*end),
                               sim::FormatDuration(*begin)));
      return;
    }
    swarm.window_begin = *begin;
    swarm.window_end = *end;
  }
}

}  // namespace tools
