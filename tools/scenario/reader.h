// tools/scenario/reader.h
//
// Checked reading of a scenario's document tree: each read returns a value,
// or nothing after recording an error that names the node's place and the
// dotted path of the value (`faults[2].probability`). Only the first error is
// kept, so a loader can read on after a mistake and still report the one the
// user meets first.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/config.h"
#include "tools/scenario/document.h"

namespace tools {

std::string ChildPath(std::string_view path, std::string_view key);  // "cluster.shards"
std::string ItemPath(std::string_view path, std::size_t index);      // "faults[2]"

// "a", "a or b", "a, b or c".
std::string JoinAlternatives(const std::vector<std::string_view>& names);

// model::PhaseName of every phase, in order.
const std::vector<std::string_view>& PhaseNames();

template <typename E>
using NamedValues = std::vector<std::pair<std::string_view, E>>;

// The longest duration a scenario may state (a year), either sign.
inline constexpr sim::Time kDurationMax = 8760 * sim::kHour;

class DocReader {
 public:
  explicit DocReader(const DocSource& source) : source_(source) {}

  const DocSource& source() const { return source_; }
  bool ok() const { return !error_.has_value(); }
  const std::optional<LoadError>& error() const { return error_; }

  // Records `what` at origin unless an earlier error is kept.
  void Fail(const DocOrigin& origin, std::string_view what);

  bool IsMapping(const DocNode& node, std::string_view path);
  bool IsList(const DocNode& node, std::string_view path);

  // True when every key of map is one of keys; otherwise reports the first
  // stray key with the nearest valid one. path "" is the top level.
  bool KnownKeys(const DocNode& map, std::string_view path,
                 const std::vector<std::string_view>& keys);

  // True when map has key; otherwise reports `path: missing required key`.
  bool Has(const DocNode& map, std::string_view path, std::string_view key,
           std::string_view context = {});

  std::optional<std::uint64_t> Integer(const DocNode& node, std::string_view path,
                                       std::uint64_t min, std::uint64_t max);
  // A finite number in [min, max], or in (min, max] when above_min.
  std::optional<double> Number(const DocNode& node, std::string_view path, double min, double max,
                               bool above_min = false);
  std::optional<bool> Bool(const DocNode& node, std::string_view path);
  std::optional<std::string> String(const DocNode& node, std::string_view path);
  // A duration, > 0 when positive; negative only when allow_negative.
  std::optional<sim::Time> Duration(const DocNode& node, std::string_view path, bool allow_negative,
                                    bool positive);
  // A duration from t=0, or phase:<name>[+duration].
  std::optional<model::TimePointConfig> TimePoint(const DocNode& node, std::string_view path);
  // The index of the node's text among names.
  std::optional<std::size_t> OneOf(const DocNode& node, std::string_view path,
                                   const std::vector<std::string_view>& names);

  template <typename E>
  std::optional<E> Enum(const DocNode& node, std::string_view path, const NamedValues<E>& values) {
    std::vector<std::string_view> names;
    for (const auto& [name, value] : values) names.push_back(name);
    const auto index = OneOf(node, path, names);
    if (!index) return std::nullopt;
    return values[*index].second;
  }

  // Field forms: when map has key, read it into out (unchanged on error).
  template <typename T>
  void IntegerField(const DocNode& map, std::string_view path, std::string_view key,
                    std::uint64_t min, std::uint64_t max, T& out) {
    if (const DocNode* node = map.Find(key)) {
      if (const auto value = Integer(*node, ChildPath(path, key), min, max)) {
        out = static_cast<T>(*value);
      }
    }
  }
  void NumberField(const DocNode& map, std::string_view path, std::string_view key, double min,
                   double max, bool above_min, double& out);
  void BoolField(const DocNode& map, std::string_view path, std::string_view key, bool& out);
  void StringField(const DocNode& map, std::string_view path, std::string_view key,
                   std::string& out);
  void DurationField(const DocNode& map, std::string_view path, std::string_view key,
                     bool allow_negative, bool positive, sim::Time& out);
  void TimePointField(const DocNode& map, std::string_view path, std::string_view key,
                      model::TimePointConfig& out);
  template <typename E>
  void EnumField(const DocNode& map, std::string_view path, std::string_view key,
                 const NamedValues<E>& values, E& out) {
    if (const DocNode* node = map.Find(key)) {
      if (const auto value = Enum(*node, ChildPath(path, key), values)) out = *value;
    }
  }

 private:
  const DocSource& source_;
  std::optional<LoadError> error_;
};

}  // namespace tools
