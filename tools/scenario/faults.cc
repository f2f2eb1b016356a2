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

// The kinds by name, from model::kFaultKinds.
const NamedValues<FaultKind>& FaultKindNames() {
  static const NamedValues<FaultKind> names = [] {
    NamedValues<FaultKind> out;
    for (std::size_t i = 0; i < model::kFaultKinds.size(); ++i) {
      out.emplace_back(model::kFaultKinds[i].name, static_cast<FaultKind>(i));
    }
    return out;
  }();
  return names;
}

// `kind` and the kind's own keys.
Keys KeysOf(const model::FaultKindInfo& info) {
  Keys keys = {"kind"};
  for (const std::string_view key : info.keys) {
    if (!key.empty()) keys.push_back(key);
  }
  return keys;
}

}  // namespace

// Reads the fields of one fault; a kind missing here does not compile.
struct ScenarioLoader::FaultFields {
  ScenarioLoader& loader;
  const DocNode& node;
  const std::string& path;

  DocReader& reader() const { return loader.reader_; }
  // A `node` (never the orchestrator) or a `target` (may be the orchestrator).
  void Name(std::string_view key, std::string& out) const {
    const DocNode* name = node.Find(key);
    if (name == nullptr) return;
    if (const auto text = reader().String(*name, ChildPath(path, key))) {
      out = *text;
      loader.UseName(*name, ChildPath(path, key), /*orchestrator_ok=*/key == "target");
    }
  }
  void Lasting(std::string_view key, sim::Time& out) const {
    reader().DurationField(node, path, key, false, true, out);
  }

  void operator()(model::WriteFailure& f) const {
    Name("node", f.node);
    reader().TimePointField(node, path, "from", f.from);
    reader().NumberField(node, path, "probability", 0, 1, false, f.probability);
    const DocNode* probability = node.Find("probability");
    const DocNode* pattern = node.Find("pattern");
    if (pattern != nullptr && reader().ok()) Pattern(*pattern, f);
    if (reader().ok() && (probability == nullptr) == (pattern == nullptr)) {
      reader().Fail(pattern != nullptr ? pattern->origin : node.origin,
                    fmt::format("{}: a write_failure takes probability or pattern, {}", path,
                                pattern != nullptr ? "not both" : "one of them"));
    }
    if (const DocNode* until = node.Find("until")) {
      if (const auto point = reader().TimePoint(*until, ChildPath(path, "until"))) {
        f.until = *point;
        if (reader().ok() && point->phase == f.from.phase && point->offset < f.from.offset) {
          const DocNode* from = node.Find("from");
          reader().Fail(until->origin, fmt::format("{}.until: {} is before from ({})", path,
                                                   until->text, from ? from->text : "0s"));
        }
      }
    }
    if (const DocNode* shards = node.Find("shards")) {
      if (reader().IsList(*shards, ChildPath(path, "shards"))) {
        loader.UseShards(*shards, ChildPath(path, "shards"), f.shards);
      }
    }
  }
  // pattern: {every: N, offset: K}, 0 <= K < N.
  void Pattern(const DocNode& pattern, model::WriteFailure& f) const {
    const std::string pattern_path = ChildPath(path, "pattern");
    if (!reader().IsMapping(pattern, pattern_path) ||
        !reader().KnownKeys(pattern, pattern_path, {"every", "offset"}) ||
        !reader().Has(pattern, pattern_path, "every")) {
      return;
    }
    reader().IntegerField(pattern, pattern_path, "every", 1, UINT32_MAX, f.every);
    if (!reader().ok()) return;
    reader().IntegerField(pattern, pattern_path, "offset", 0, f.every - 1, f.offset);
  }
  void operator()(model::Partition& f) const {
    reader().TimePointField(node, path, "at", f.at);
    loader.LoadSides(*node.Find("between"), ChildPath(path, "between"), f);
    Lasting("duration", f.duration);
  }
  void operator()(model::Crash& f) const {
    Name("target", f.target);
    reader().TimePointField(node, path, "at", f.at);
    reader().DurationField(node, path, "restart_after", false, false, f.restart_after);
  }
  void operator()(model::Slow& f) const {
    Name("node", f.node);
    reader().TimePointField(node, path, "at", f.at);
    reader().IntegerField(node, path, "latency_factor", 1, kLatencyFactorMax, f.latency_factor);
    Lasting("duration", f.duration);
  }
  void operator()(model::Stall& f) const {
    Name("node", f.node);
    reader().TimePointField(node, path, "at", f.at);
    Lasting("duration", f.duration);
  }
  void operator()(model::ClockSkew& f) const {
    Name("target", f.target);
    reader().TimePointField(node, path, "at", f.at);
    reader().DurationField(node, path, "offset", true, false, f.offset);
    Lasting("duration", f.duration);
  }
};

void ScenarioLoader::LoadFault(const DocNode& node, const std::string& path) {
  if (!reader_.IsMapping(node, path) || !reader_.Has(node, path, "kind")) return;
  const auto kind = reader_.Enum(*node.Find("kind"), ChildPath(path, "kind"), FaultKindNames());
  if (!kind || !FaultKeysFit(node, path, *kind)) return;
  model::FaultConfig& fault = config_.faults.emplace_back(model::MakeFault(*kind));
  std::visit(FaultFields{*this, node, path}, fault);
}

bool ScenarioLoader::FaultKeysFit(const DocNode& node, const std::string& path, FaultKind kind) {
  const model::FaultKindInfo& info = model::InfoOf(kind);
  const Keys own = KeysOf(info);
  for (const DocEntry& entry : node.entries) {
    if (std::find(own.begin(), own.end(), entry.key) != own.end()) continue;
    const bool elsewhere =
        std::any_of(model::kFaultKinds.begin(), model::kFaultKinds.end(), [&](const auto& other) {
          return std::find(other.keys.begin(), other.keys.end(), entry.key) != other.keys.end();
        });
    if (elsewhere) {
      reader_.Fail(entry.key_origin,
                   fmt::format("key {} does not apply to a {} fault in {} (it takes {})",
                               QuoteForError(entry.key), info.name, path, JoinAlternatives(own)));
      return false;
    }
    return reader_.KnownKeys(node, path, own);
  }
  for (std::size_t i = 0; i < info.required; ++i) {
    if (!reader_.Has(node, path, info.keys[i], fmt::format(" for a {} fault", info.name))) {
      return false;
    }
  }
  return true;
}

// `between: [a, b]` with each side a name or a list of names, or
// `[a, b, c, ...]`: side A is the first name, side B the rest.
void ScenarioLoader::LoadSides(const DocNode& node, const std::string& path,
                               model::Partition& fault) {
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
      const auto kind = reader_.Enum(kinds->items[i], item_path, FaultKindNames());
      if (!kind) return;
      if (std::find(swarm.kinds.begin(), swarm.kinds.end(), *kind) != swarm.kinds.end()) {
        reader_.Fail(kinds->items[i].origin,
                     fmt::format("{}: {} is listed twice", item_path, model::InfoOf(*kind).name));
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
