#include "tools/scenario/reader.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace tools {
namespace {

// Integers a double holds exactly.
constexpr double kExactIntegerMax = 9007199254740992.0;  // 2^53

std::string Prefix(std::string_view path) {
  return path.empty() ? std::string() : std::string(path) + ": ";
}

std::string FormatNumber(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

// The value of a core-schema number's text. REQUIRES: an integer or float.
double NumberValue(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  double value = std::numeric_limits<double>::quiet_NaN();
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return value;  // not a number to read
  if (text == ".inf" || text == ".Inf" || text == ".INF") {
    value = std::numeric_limits<double>::infinity();
  } else if (!text.empty() && text.front() == '.') {
    const std::string padded = "0" + std::string(text);  // from_chars wants a digit first
    std::from_chars(padded.data(), padded.data() + padded.size(), value);
  } else {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc::result_out_of_range) value = std::numeric_limits<double>::infinity();
    (void)end;
  }
  return negative ? -value : value;
}

bool IsNumber(const DocNode& node) {
  if (node.kind != DocNode::Kind::kScalar) return false;
  const ScalarType type = ClassifyScalar(node);
  return type == ScalarType::kInteger || type == ScalarType::kFloat;
}

bool IsNull(const DocNode& node) {
  return node.kind == DocNode::Kind::kNull ||
         (node.kind == DocNode::Kind::kScalar && ClassifyScalar(node) == ScalarType::kNull);
}

}  // namespace

std::string ChildPath(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

std::string ItemPath(std::string_view path, std::size_t index) {
  return fmt::format("{}[{}]", path, index);
}

std::string JoinAlternatives(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

const std::vector<std::string_view>& PhaseNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (int i = 0; i < model::kPhaseCount; ++i) {
      out.emplace_back(model::PhaseName(static_cast<model::Phase>(i)));
    }
    return out;
  }();
  return names;
}

void DocReader::Fail(const DocOrigin& origin, std::string_view what) {
  if (!error_) error_ = source_.Error(origin, what);
}

bool DocReader::IsMapping(const DocNode& node, std::string_view path) {
  if (node.kind == DocNode::Kind::kMapping) return true;
  if (path.empty()) {
    Fail(node.origin,
         fmt::format("expected a mapping at the top level, got {}", DescribeNode(node)));
  } else {
    Fail(node.origin, fmt::format("{}: expected a mapping, got {}", path, DescribeNode(node)));
  }
  return false;
}

bool DocReader::IsList(const DocNode& node, std::string_view path) {
  if (node.kind == DocNode::Kind::kSequence) return true;
  Fail(node.origin, fmt::format("{}: expected a list, got {}", path, DescribeNode(node)));
  return false;
}

bool DocReader::KnownKeys(const DocNode& map, std::string_view path,
                          const std::vector<std::string_view>& keys) {
  for (const DocEntry& entry : map.entries) {
    bool known = false;
    for (const std::string_view key : keys) known = known || key == entry.key;
    if (known) continue;
    const std::string where = path.empty() ? "at the top level" : fmt::format("in {}", path);
    const std::string_view nearest = NearestName(entry.key, keys);
    const std::string hint = nearest.empty() ? fmt::format("expected {}", JoinAlternatives(keys))
                                             : fmt::format("did you mean \"{}\"?", nearest);
    Fail(entry.key_origin,
         fmt::format("unknown key {} {} ({})", QuoteForError(entry.key), where, hint));
    return false;
  }
  return true;
}

bool DocReader::Has(const DocNode& map, std::string_view path, std::string_view key,
                    std::string_view context) {
  if (map.Find(key) != nullptr) return true;
  Fail(map.origin, fmt::format("{}missing required key \"{}\"{}", Prefix(path), key, context));
  return false;
}

std::optional<std::uint64_t> DocReader::Integer(const DocNode& node, std::string_view path,
                                                std::uint64_t min, std::uint64_t max) {
  if (!IsNumber(node)) {
    Fail(node.origin, fmt::format("{}: expected an integer, got {}", path, DescribeNode(node)));
    return std::nullopt;
  }
  const std::string got = DescribeNode(node);
  const auto below = [&] {
    Fail(node.origin, fmt::format("{}: must be at least {}, got {}", path, min, got));
    return std::nullopt;
  };
  const auto above = [&] {
    Fail(node.origin, fmt::format("{}: must be at most {}, got {}", path, max, got));
    return std::nullopt;
  };
  std::uint64_t value = 0;
  if (ClassifyScalar(node) == ScalarType::kInteger) {
    std::string_view digits = node.text;
    const bool negative = digits.front() == '-';
    if (digits.front() == '+' || digits.front() == '-') digits.remove_prefix(1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    (void)end;
    if (negative && value != 0) return below();
    if (error != std::errc()) return above();
  } else {
    const double number = NumberValue(node.text);
    if (!std::isfinite(number) || number != std::floor(number) ||
        std::fabs(number) > kExactIntegerMax) {
      Fail(node.origin, fmt::format("{}: expected an integer, got {}", path, got));
      return std::nullopt;
    }
    if (number < 0) return below();
    value = static_cast<std::uint64_t>(number);
  }
  if (value < min) return below();
  if (value > max) return above();
  return value;
}

std::optional<double> DocReader::Number(const DocNode& node, std::string_view path, double min,
                                        double max, bool above_min) {
  const double value = IsNumber(node) ? NumberValue(node.text) : std::nan("");
  if (std::isnan(value)) {
    Fail(node.origin, fmt::format("{}: expected a number, got {}", path, DescribeNode(node)));
    return std::nullopt;
  }
  const bool too_low = above_min ? !(value > min) : value < min;
  if (too_low || value > max) {
    std::string rule;
    if (min == 0 && max == 1 && !above_min) {
      rule = "between 0 and 1";
    } else if (too_low) {
      rule = fmt::format("{} {}", above_min ? "greater than" : "at least", FormatNumber(min));
    } else {
      rule = fmt::format("at most {}", FormatNumber(max));
    }
    Fail(node.origin, fmt::format("{}: must be {}, got {}", path, rule, DescribeNode(node)));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> DocReader::Bool(const DocNode& node, std::string_view path) {
  if (node.kind == DocNode::Kind::kScalar && ClassifyScalar(node) == ScalarType::kBool) {
    return node.text.front() == 't' || node.text.front() == 'T';
  }
  Fail(node.origin, fmt::format("{}: expected true or false, got {}", path, DescribeNode(node)));
  return std::nullopt;
}

std::optional<std::string> DocReader::String(const DocNode& node, std::string_view path) {
  if (node.kind == DocNode::Kind::kScalar && ClassifyScalar(node) == ScalarType::kString) {
    return node.text;
  }
  const bool scalar = node.kind == DocNode::Kind::kScalar && !IsNull(node);
  Fail(node.origin, fmt::format("{}: expected a string, got {}{}", path, DescribeNode(node),
                                scalar ? " (put it in quotes to make it text)" : ""));
  return std::nullopt;
}

std::optional<sim::Time> DocReader::Duration(const DocNode& node, std::string_view path,
                                             bool allow_negative, bool positive) {
  if (node.kind != DocNode::Kind::kScalar || IsNull(node)) {
    Fail(node.origin,
         fmt::format("{}: expected a duration like 5ms, got {}", path, DescribeNode(node)));
    return std::nullopt;
  }
  const auto parsed = sim::ParseDuration(node.text, allow_negative);
  if (!parsed.has_value()) {
    Fail(node.origin, fmt::format("{}: {}", path, parsed.error()));
    return std::nullopt;
  }
  // Every time the kernel computes (a point plus a duration, a sum of
  // offsets) then stays far inside its 292 years.
  if (parsed.value() > kDurationMax || parsed.value() < -kDurationMax) {
    Fail(node.origin, fmt::format("{}: must be at most {} either way, got {}", path,
                                  sim::FormatDuration(kDurationMax), DescribeNode(node)));
    return std::nullopt;
  }
  if (positive && parsed.value() <= 0) {
    Fail(node.origin, fmt::format("{}: must be more than 0s, got {}", path, DescribeNode(node)));
    return std::nullopt;
  }
  return parsed.value();
}

std::optional<model::TimePointConfig> DocReader::TimePoint(const DocNode& node,
                                                           std::string_view path) {
  constexpr std::string_view kPhasePrefix = "phase:";
  if (node.kind != DocNode::Kind::kScalar || !node.text.starts_with(kPhasePrefix)) {
    const auto offset = Duration(node, path, /*allow_negative=*/false, /*positive=*/false);
    if (!offset) return std::nullopt;
    return model::TimePointConfig{std::nullopt, *offset};
  }
  std::string_view rest = std::string_view(node.text).substr(kPhasePrefix.size());
  const std::size_t plus = rest.find('+');
  const std::string_view name = rest.substr(0, plus);
  const std::optional<model::Phase> phase = model::ParsePhase(name);
  if (!phase) {
    const std::string_view nearest = NearestName(name, PhaseNames());
    const std::string hint = nearest.empty()
                                 ? fmt::format("expected one of {}", JoinAlternatives(PhaseNames()))
                                 : fmt::format("did you mean \"{}\"?", nearest);
    Fail(node.origin, fmt::format("{}: unknown phase {} ({})", path, QuoteForError(name), hint));
    return std::nullopt;
  }
  model::TimePointConfig point{phase, 0};
  if (plus != std::string_view::npos) {
    const auto offset = sim::ParseDuration(rest.substr(plus + 1));
    if (!offset.has_value()) {
      Fail(node.origin, fmt::format("{}: {}", path, offset.error()));
      return std::nullopt;
    }
    point.offset = offset.value();
  }
  return point;
}

std::optional<std::size_t> DocReader::OneOf(const DocNode& node, std::string_view path,
                                            const std::vector<std::string_view>& names) {
  const bool text =
      node.kind == DocNode::Kind::kScalar && ClassifyScalar(node) == ScalarType::kString;
  if (text) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == node.text) return i;
    }
  }
  const std::string_view nearest = text ? NearestName(node.text, names) : std::string_view();
  Fail(node.origin,
       fmt::format("{}: expected {}, got {}{}", path, JoinAlternatives(names), DescribeNode(node),
                   nearest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", nearest)));
  return std::nullopt;
}

void DocReader::NumberField(const DocNode& map, std::string_view path, std::string_view key,
                            double min, double max, bool above_min, double& out) {
  if (const DocNode* node = map.Find(key)) {
    if (const auto value = Number(*node, ChildPath(path, key), min, max, above_min)) out = *value;
  }
}

void DocReader::BoolField(const DocNode& map, std::string_view path, std::string_view key,
                          bool& out) {
  if (const DocNode* node = map.Find(key)) {
    if (const auto value = Bool(*node, ChildPath(path, key))) out = *value;
  }
}

void DocReader::StringField(const DocNode& map, std::string_view path, std::string_view key,
                            std::string& out) {
  if (const DocNode* node = map.Find(key)) {
    if (auto value = String(*node, ChildPath(path, key))) out = std::move(*value);
  }
}

void DocReader::DurationField(const DocNode& map, std::string_view path, std::string_view key,
                              bool allow_negative, bool positive, sim::Time& out) {
  if (const DocNode* node = map.Find(key)) {
    if (const auto value = Duration(*node, ChildPath(path, key), allow_negative, positive)) {
      out = *value;
    }
  }
}

void DocReader::TimePointField(const DocNode& map, std::string_view path, std::string_view key,
                               model::TimePointConfig& out) {
  if (const DocNode* node = map.Find(key)) {
    if (const auto value = TimePoint(*node, ChildPath(path, key))) out = *value;
  }
}

}  // namespace tools
