#include "tools/scenario/document.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <set>
#include <sstream>

namespace tools {
namespace {

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsFloatText(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s == ".inf" || s == ".Inf" || s == ".INF") return true;
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t begin = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i - begin;
  };
  const std::size_t whole = digits();
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    fraction = digits();
  }
  if (whole == 0 && fraction == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

// Converts yaml-cpp's tree to ours, expanding aliases, within the bounds.
class Converter {
 public:
  explicit Converter(const DocSource& source) : source_(source) {}

  bool Convert(const YAML::Node& in, std::uint32_t depth, const DocOrigin& fallback, DocNode& out) {
    out.origin = OriginOf(in, fallback);
    if (++nodes_ > kScenarioNodesMax) {
      return Fail(out.origin, fmt::format("more than {} YAML nodes (aliases count once per use)",
                                          kScenarioNodesMax));
    }
    if (depth > kScenarioDepthMax) {
      return Fail(out.origin, fmt::format("nested deeper than {} levels", kScenarioDepthMax));
    }
    const std::string& tag = in.Tag();
    if (!tag.empty() && tag != "?" && tag != "!" && !(in.IsScalar() && tag == kStrTag)) {
      return Fail(out.origin, fmt::format("unsupported tag {} (the scenario format uses none)",
                                          QuoteForError(tag)));
    }
    switch (in.Type()) {
      case YAML::NodeType::Scalar:
        out.kind = DocNode::Kind::kScalar;
        out.text = in.Scalar();
        out.quoted = tag != "?";
        return true;
      case YAML::NodeType::Sequence:
        out.kind = DocNode::Kind::kSequence;
        for (const YAML::Node& item : in) {
          out.items.emplace_back();
          if (!Convert(item, depth + 1, out.origin, out.items.back())) return false;
        }
        return true;
      case YAML::NodeType::Map:
        return ConvertMap(in, depth, out);
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        out.kind = DocNode::Kind::kNull;
        return true;
    }
    return true;
  }

  const std::optional<LoadError>& error() const { return error_; }

 private:
  bool ConvertMap(const YAML::Node& in, std::uint32_t depth, DocNode& out) {
    out.kind = DocNode::Kind::kMapping;
    std::set<std::string, std::less<>> seen;
    for (auto it = in.begin(); it != in.end(); ++it) {
      const DocOrigin key_origin = OriginOf(it->first, out.origin);
      if (!it->first.IsScalar()) {
        return Fail(key_origin, "a key must be a plain name, not a list, mapping or nothing");
      }
      const std::string& key = it->first.Scalar();
      if (!seen.insert(key).second) {
        return Fail(key_origin, fmt::format("duplicate key {}", QuoteForError(key)));
      }
      out.entries.push_back(DocEntry{key, key_origin, DocNode{}});
      if (!Convert(it->second, depth + 1, key_origin, out.entries.back().value)) return false;
      // An empty value's mark is wherever the next token is: point at its key.
      DocNode& value = out.entries.back().value;
      if (value.kind == DocNode::Kind::kNull && value.origin.line != key_origin.line) {
        value.origin = key_origin;
      }
    }
    return true;
  }

  static DocOrigin OriginOf(const YAML::Node& node, const DocOrigin& fallback) {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0 || mark.column < 0) return fallback;
    return DocOrigin{static_cast<std::uint32_t>(mark.line) + 1,
                     static_cast<std::uint32_t>(mark.column) + 1, -1};
  }

  bool Fail(const DocOrigin& origin, std::string what) {
    if (!error_) error_ = source_.Error(origin, what);
    return false;
  }

  const DocSource& source_;
  std::uint32_t nodes_ = 0;
  std::optional<LoadError> error_;
};

void SetOrigin(DocNode& node, const DocOrigin& origin) {
  node.origin = origin;
  for (DocNode& item : node.items) SetOrigin(item, origin);
  for (DocEntry& entry : node.entries) {
    entry.key_origin = origin;
    SetOrigin(entry.value, origin);
  }
}

// Whether text written plain reads back as the same scalar.
bool PlainReadsBack(const DocNode& node, bool in_flow) {
  const std::string& text = node.text;
  if (text.empty() || text.front() == ' ' || text.back() == ' ' || text.back() == ':') return false;
  if (std::string_view("?:,[]{}#&*!|>'\"%@`").find(text.front()) != std::string_view::npos) {
    return false;
  }
  if (text.front() == '-' && (text.size() == 1 || text[1] == ' ' || text[1] == '-')) return false;
  if (text.starts_with("...")) return false;
  if (text.find(": ") != std::string::npos || text.find(" #") != std::string::npos) return false;
  if (in_flow && text.find_first_of(",[]{}:") != std::string::npos) return false;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  DocNode plain = node;
  plain.quoted = false;
  return ClassifyScalar(plain) == ClassifyScalar(node);
}

std::string FlowYaml(const DocNode& node, bool in_flow) {
  switch (node.kind) {
    case DocNode::Kind::kNull:
      return "null";
    case DocNode::Kind::kScalar: {
      if (PlainReadsBack(node, in_flow)) return node.text;
      std::string out = "\"";
      for (const char c : node.text) {
        if (c == '"' || c == '\\') {
          out += '\\';
          out += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
      }
      return out + "\"";
    }
    case DocNode::Kind::kSequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < node.items.size(); ++i) {
        out += (i == 0 ? "" : ", ") + FlowYaml(node.items[i], true);
      }
      return out + "]";
    }
    case DocNode::Kind::kMapping: {
      std::string out = "{";
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        DocNode key;
        key.kind = DocNode::Kind::kScalar;
        key.text = node.entries[i].key;
        key.quoted = true;
        out += (i == 0 ? "" : ", ") + FlowYaml(key, true) + ": " +
               FlowYaml(node.entries[i].value, true);
      }
      return out + "}";
    }
  }
  SIM_UNREACHABLE("node kind {}", static_cast<int>(node.kind));
}

}  // namespace

const DocNode* DocNode::Find(std::string_view key) const {
  const DocEntry* entry = FindEntry(key);
  return entry == nullptr ? nullptr : &entry->value;
}

DocNode* DocNode::Find(std::string_view key) {
  for (DocEntry& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

const DocEntry* DocNode::FindEntry(std::string_view key) const {
  for (const DocEntry& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

ScalarType ClassifyScalar(const DocNode& node) {
  SIM_ASSERT(node.kind == DocNode::Kind::kScalar, "kind={}", static_cast<int>(node.kind));
  if (node.quoted) return ScalarType::kString;
  const std::string_view s = node.text;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return ScalarType::kNull;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    return ScalarType::kBool;
  }
  const std::string_view unsigned_part = (s.front() == '-' || s.front() == '+') ? s.substr(1) : s;
  if (IsDigits(unsigned_part)) return ScalarType::kInteger;
  if (IsFloatText(s) || s == ".nan" || s == ".NaN" || s == ".NAN") return ScalarType::kFloat;
  return ScalarType::kString;
}

std::string DocSource::Where(const DocOrigin& origin) const {
  if (origin.set_index >= 0 && static_cast<std::size_t>(origin.set_index) < sets.size()) {
    return "--set " + Unquoted(sets[origin.set_index], 1000);
  }
  return fmt::format("{}:{}:{}", file, origin.line, origin.column);
}

LoadError DocSource::Error(const DocOrigin& origin, std::string_view what) const {
  // Whatever the message echoes of the input, it stays one clean line.
  return LoadError{OneLine(fmt::format("{}: {}", Where(origin), what))};
}

namespace {

// yaml-cpp 0.7's LoadAll loops for ever, allocating, on a stream where no
// document can begin, such as a "," at the top (jbeder/yaml-cpp issue 1040;
// fixed upstream by pull request 1319, after the version Debian 12 ships):
// each round makes an empty document at the same place. This handler only
// notes where documents begin, so that a pass over the events can stop there.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> marks;
  void OnDocumentStart(const YAML::Mark& mark) override { marks.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Where the stream stops making progress (a document begins where the one
// before it began), if it does; yaml-cpp's exceptions pass through.
std::optional<YAML::Mark> WhereParsingStalls(const std::string& text) {
  std::istringstream stream(text);
  YAML::Parser parser(stream);
  DocumentStarts starts;
  while (parser.HandleNextDocument(starts)) {
    const std::size_t n = starts.marks.size();
    if (n >= 2 && starts.marks[n - 1].pos == starts.marks[n - 2].pos) return starts.marks[n - 1];
  }
  return std::nullopt;
}

}  // namespace

sim::Result<DocNode, LoadError> ParseDocument(const std::string& text, const DocSource& source) {
  std::vector<YAML::Node> documents;
  try {
    if (const auto stall = WhereParsingStalls(text)) {
      const DocOrigin origin{static_cast<std::uint32_t>(std::max(stall->line, 0)) + 1,
                             static_cast<std::uint32_t>(std::max(stall->column, 0)) + 1, -1};
      const std::size_t at = static_cast<std::size_t>(std::max(stall->pos, 0));
      return sim::Err(source.Error(
          origin, fmt::format("not valid YAML: nothing can begin with {} here",
                              QuoteForError(std::string_view(text).substr(at, 1)))));
    }
    documents = YAML::LoadAll(text);  // ends: the same parse just did
  } catch (const YAML::DeepRecursion& e) {
    const DocOrigin origin{static_cast<std::uint32_t>(std::max(e.mark.line, 0)) + 1,
                           static_cast<std::uint32_t>(std::max(e.mark.column, 0)) + 1, -1};
    return sim::Err(
        source.Error(origin, fmt::format("nested deeper than {} levels", kScenarioDepthMax)));
  } catch (const YAML::Exception& e) {
    const DocOrigin origin{static_cast<std::uint32_t>(std::max(e.mark.line, 0)) + 1,
                           static_cast<std::uint32_t>(std::max(e.mark.column, 0)) + 1, -1};
    return sim::Err(source.Error(origin, e.msg.empty() ? "not valid YAML" : e.msg));
  } catch (const std::exception& e) {
    return sim::Err(source.Error(DocOrigin{}, fmt::format("not valid YAML ({})", e.what())));
  }
  if (documents.empty()) return sim::Err(source.Error(DocOrigin{}, "empty scenario file"));
  Converter converter(source);
  if (documents.size() > 1) {
    DocNode second;
    (void)converter.Convert(documents[1], 0, DocOrigin{}, second);
    return sim::Err(source.Error(
        second.origin, fmt::format("expected one YAML document, found {}", documents.size())));
  }
  DocNode root;
  try {
    if (!converter.Convert(documents[0], 0, DocOrigin{}, root)) return sim::Err(*converter.error());
  } catch (const std::exception& e) {
    return sim::Err(source.Error(root.origin, fmt::format("not valid YAML ({})", e.what())));
  }
  if (root.kind == DocNode::Kind::kNull) {
    return sim::Err(source.Error(DocOrigin{}, "empty scenario file"));
  }
  return root;
}

sim::Result<std::vector<std::string>, std::string> SplitOverridePath(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dot = path.find('.', begin);
    const std::string_view segment =
        path.substr(begin, dot == std::string_view::npos ? std::string_view::npos : dot - begin);
    if (segment.empty()) {
      return sim::Err(fmt::format("empty segment in path {}", QuoteForError(path)));
    }
    segments.emplace_back(segment);
    if (dot == std::string_view::npos) break;
    begin = dot + 1;
  }
  if (segments.size() > kScenarioDepthMax) {
    return sim::Err(fmt::format("path deeper than {} levels", kScenarioDepthMax));
  }
  return segments;
}

std::vector<std::string> CanonicalOverridePath(std::string_view path) {
  auto segments = SplitOverridePath(path);
  if (!segments.has_value()) return {std::string(path)};
  std::vector<std::string> out = std::move(segments).value();
  if (!out.empty() && out.front() == "migration") {
    out.front() = "migrations";
    out.insert(out.begin() + 1, "0");
  }
  return out;
}

sim::Result<DocOverride, std::string> ParseOverride(std::string_view set, int set_index) {
  const std::size_t equals = set.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return sim::Err(std::string("expected PATH=VALUE, like migrations.0.skip_delta_pass=true"));
  }
  auto path = SplitOverridePath(set.substr(0, equals));
  if (!path.has_value()) return sim::Err(path.error());
  const DocOrigin origin{1, 1, set_index};
  const DocSource value_source{"value", {}};
  auto value = ParseDocument(std::string(set.substr(equals + 1)), value_source);
  DocOverride result{std::move(path).value(), DocNode{}};
  if (value.has_value()) {
    result.value = std::move(value).value();
  } else if (value.error().message != "value:1:1: empty scenario file") {
    // "value:L:C: why" -> "bad value: why".
    const std::string& message = value.error().message;
    const std::size_t colon = message.find(": ");
    return sim::Err("bad value: " + message.substr(colon + 2));
  }
  SetOrigin(result.value, origin);
  return result;
}

sim::Result<sim::Ok, std::string> GraftOverride(DocNode& root, const std::vector<std::string>& path,
                                                DocNode value, const DocOrigin& created) {
  SIM_ASSERT(!path.empty(), "empty override path");
  DocNode* node = &root;
  std::string walked;
  for (std::size_t i = 0; i < path.size(); ++i) {
    std::string_view segment = path[i];
    const bool last = i + 1 == path.size();
    if (node->kind == DocNode::Kind::kNull) {
      node->kind = IsDigits(segment) ? DocNode::Kind::kSequence : DocNode::Kind::kMapping;
      node->origin = created;
    }
    DocNode* next = nullptr;
    if (node->kind == DocNode::Kind::kMapping) {
      // `migration:` is a one-item `migrations:`; migrations.0 reaches it.
      if (node == &root && segment == "migrations" && root.Find("migrations") == nullptr &&
          root.Find("migration") != nullptr && !last) {
        if (path[i + 1] != "0") {
          return sim::Err(
              fmt::format("the scenario has one migration (migration:), so only "
                          "migrations.0 exists, not migrations.{}",
                          Unquoted(path[i + 1])));
        }
        node = root.Find("migration");
        walked = "migrations.0";
        ++i;
        if (i + 1 == path.size()) {
          *node = std::move(value);
          return sim::Ok{};
        }
        continue;
      }
      next = node->Find(segment);
      if (next == nullptr) {
        node->entries.push_back(DocEntry{std::string(segment), created, DocNode{}});
        next = &node->entries.back().value;
        next->origin = created;
      }
    } else if (node->kind == DocNode::Kind::kSequence) {
      if (!IsDigits(segment) || segment.size() > 9) {
        return sim::Err(fmt::format("{} is a list: expected an item number, not {}", walked,
                                    QuoteForError(segment)));
      }
      const std::size_t index = std::stoul(std::string(segment));
      if (index > node->items.size()) {
        return sim::Err(fmt::format("{} has {} item{}, so {} is out of range", walked,
                                    node->items.size(), node->items.size() == 1 ? "" : "s", index));
      }
      if (index == node->items.size()) {
        node->items.emplace_back();
        node->items.back().origin = created;
      }
      next = &node->items[index];
    } else {
      return sim::Err(
          fmt::format("{} is a single value, so it has no {}", walked, QuoteForError(segment)));
    }
    walked += (walked.empty() ? "" : ".") + std::string(segment);
    node = next;
  }
  *node = std::move(value);
  return sim::Ok{};
}

std::string ToFlowYaml(const DocNode& node) {
  return FlowYaml(node, /*in_flow=*/false);
}

std::string ToBlockYaml(const DocNode& root) {
  if (root.kind != DocNode::Kind::kMapping) return ToFlowYaml(root) + "\n";
  std::string out;
  for (const DocEntry& entry : root.entries) {
    DocNode name;
    name.kind = DocNode::Kind::kScalar;
    name.text = entry.key;
    const std::string key = FlowYaml(name, /*in_flow=*/false);
    if (entry.value.kind == DocNode::Kind::kSequence && !entry.value.items.empty()) {
      out += key + ":\n";
      for (const DocNode& item : entry.value.items) out += "  - " + ToFlowYaml(item) + "\n";
    } else {
      out += key + ": " + ToFlowYaml(entry.value) + "\n";
    }
  }
  return out;
}

}  // namespace tools
