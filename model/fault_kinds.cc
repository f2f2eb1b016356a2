#include "model/fault_kinds.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <utility>

namespace model {
namespace {

// " key=5s", or nothing for a fault that never ends.
std::string DurationKey(std::string_view key, Time duration) {
  if (duration == sim::kForever) return "";
  return fmt::format(" {}={}", key, sim::FormatDuration(duration));
}

std::string Join(const std::vector<std::string>& names, std::string_view separator) {
  return fmt::format("{}", fmt::join(names, separator));
}

// "shard 3", "shards 0-3", "shards 0-3, 7": consecutive shards as ranges.
std::string ShardsWords(std::vector<std::uint32_t> shards) {
  std::sort(shards.begin(), shards.end());
  shards.erase(std::unique(shards.begin(), shards.end()), shards.end());
  std::vector<std::string> ranges;
  for (std::size_t i = 0; i < shards.size();) {
    std::size_t j = i;
    while (j + 1 < shards.size() && shards[j + 1] == shards[j] + 1) ++j;
    ranges.push_back(j == i ? fmt::format("{}", shards[i])
                            : fmt::format("{}-{}", shards[i], shards[j]));
    i = j + 1;
  }
  return fmt::format("shard{} {}", shards.size() == 1 ? "" : "s", fmt::join(ranges, ", "));
}

}  // namespace

std::string WriteFailure::Line() const {
  std::string out =
      every > 0 ? fmt::format("write_failure node={} pattern={{every: {}, offset: {}}} from={}",
                              node, every, offset, FormatTimePoint(from))
                : fmt::format("write_failure node={} probability={} from={}", node, probability,
                              FormatTimePoint(from));
  if (until.has_value()) out += " until=" + FormatTimePoint(*until);
  if (!shards.empty()) out += fmt::format(" shards=[{}]", fmt::join(shards, ", "));
  return out;
}
std::string WriteFailure::Words() const {
  const std::string on = shards.empty() ? node : fmt::format("{} {}", node, ShardsWords(shards));
  if (every > 0) return fmt::format("every {}th write failing on {}", every, on);
  return fmt::format("{:g} % write failures on {}", 100 * probability, on);
}

std::string Partition::Line() const {
  const bool single = side_a.size() == 1 && side_b.size() == 1;
  const std::string between =
      single ? fmt::format("[{}, {}]", side_a[0], side_b[0])
             : fmt::format("[[{}], [{}]]", Join(side_a, ", "), Join(side_b, ", "));
  return fmt::format("partition between={} at={}", between, FormatTimePoint(at)) +
         DurationKey("duration", duration);
}
std::string Partition::Words() const {
  return fmt::format("partition between {} and {}", Join(side_a, "+"), Join(side_b, "+"));
}

std::string Crash::Line() const {
  return fmt::format("crash target={} at={}", target, FormatTimePoint(at)) +
         DurationKey("restart_after", restart_after);
}
std::string Crash::Words() const { return fmt::format("crash of {}", target); }

std::string Slow::Line() const {
  return fmt::format("slow node={} latency_factor={} at={}", node, latency_factor,
                     FormatTimePoint(at)) +
         DurationKey("duration", duration);
}
std::string Slow::Words() const { return fmt::format("{} slowed {}x", node, latency_factor); }

std::string Stall::Line() const {
  return fmt::format("stall node={} at={}", node, FormatTimePoint(at)) +
         DurationKey("duration", duration);
}
std::string Stall::Words() const { return fmt::format("stall of {}", node); }

std::string ClockSkew::Line() const {
  return fmt::format("clock_skew target={} at={} offset={}", target, FormatTimePoint(at),
                     sim::FormatDuration(offset)) +
         DurationKey("duration", duration);
}
std::string ClockSkew::Words() const { return fmt::format("clock skew on {}", target); }

namespace {
template <std::size_t... I>
FaultConfig MakeAlternative(std::size_t index, std::index_sequence<I...>) {
  static constexpr FaultConfig (*kMake[])() = {
      []() -> FaultConfig { return std::variant_alternative_t<I, FaultConfig>{}; }...};
  return kMake[index]();
}
}  // namespace

FaultConfig MakeFault(FaultKind kind) {
  return MakeAlternative(static_cast<std::size_t>(kind),
                         std::make_index_sequence<std::variant_size_v<FaultConfig>>());
}

std::string FaultLine(const FaultConfig& fault) {
  return std::visit([](const auto& f) { return f.Line(); }, fault);
}

std::string FaultYaml(const FaultConfig& fault) {
  // The line is "kind key=value ...", a value's own spaces only inside
  // brackets or braces: each top-level word becomes "key: value". Names (of
  // node, target and between) are quoted: a node may be called "1" or "true".
  const std::string line = FaultLine(fault);
  std::string out = "{kind: ";
  std::string key;
  bool in_key = false;
  bool names = false;  // the value being written is made of names
  bool quoted = false;
  int depth = 0;
  const auto close = [&] {
    if (quoted) out += '"';
    quoted = false;
  };
  for (const char c : line) {
    if (depth == 0 && c == ' ') {
      close();
      out += ", ";
      key.clear();
      in_key = true;
      continue;
    }
    if (depth == 0 && c == '=' && in_key) {
      out += ": ";
      in_key = false;
      names = key == "node" || key == "target" || key == "between";
      continue;
    }
    if (in_key) {
      key += c;
      out += c;
      continue;
    }
    const bool bracket = c == '[' || c == ']' || c == '{' || c == '}' || c == ',';
    if (names && bracket) {
      close();
      depth += (c == '[' || c == '{') - (c == ']' || c == '}');
      out += c;
    } else if (names && c == ' ') {
      out += c;
    } else if (names) {
      if (!quoted) out += '"';
      quoted = true;
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    } else {
      depth += (c == '[' || c == '{') - (c == ']' || c == '}');
      out += c;
    }
  }
  close();
  return out + "}";
}

std::string FaultWords(const FaultConfig& fault) {
  return std::visit([](const auto& f) { return f.Words(); }, fault);
}

}  // namespace model
