// How a scenario's text is shown in error messages: quoted and escaped to
// one line, a node described by its kind, the nearest known name to a typo
// (declared in document.h).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/check.h"
#include "tools/scenario/document.h"

namespace tools {

namespace {

// Optimal string alignment distance: a transposition counts as one edit.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::size_t Utf8Length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char first = byte(0);
  std::size_t length = 0;
  std::uint32_t point = 0;
  if (first >= 0xC2 && first <= 0xDF) {
    length = 2;
    point = first & 0x1F;
  } else if (first >= 0xE0 && first <= 0xEF) {
    length = 3;
    point = first & 0x0F;
  } else if (first >= 0xF0 && first <= 0xF4) {
    length = 4;
    point = first & 0x07;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    point = (point << 6) | (byte(i) & 0x3F);
  }
  const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (point < least[length] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) return 0;
  return length;
}

namespace {

// Appends the character at text[i] as one clean line shows it: a line break,
// tab, control byte or byte that is not UTF-8 escaped, anything else as it
// is. Returns how many bytes it took.
std::size_t AppendShown(std::string& out, std::string_view text, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == '\n') {
    out += "\\n";
  } else if (c == '\t') {
    out += "\\t";
  } else if (c < 0x20 || c == 0x7f) {
    out += fmt::format("\\x{:02x}", c);
  } else if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (const std::size_t length = Utf8Length(text.substr(i)); length > 0) {
    out += text.substr(i, length);  // a whole, valid UTF-8 character
    return length;
  } else {
    out += fmt::format("\\x{:02x}", c);  // not UTF-8: shown as bytes
  }
  return 1;
}

}  // namespace

std::string QuoteForError(std::string_view text, std::size_t shown_max) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    if (i >= shown_max) {
      out += "...";
      break;
    }
    if (text[i] == '"' || text[i] == '\\') {
      out += '\\';
      out += text[i++];
    } else {
      i += AppendShown(out, text, i);
    }
  }
  return out + "\"";
}

std::string OneLine(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) i += AppendShown(out, text, i);
  return out;
}

std::string DescribeNode(const DocNode& node) {
  switch (node.kind) {
    case DocNode::Kind::kNull:
      return "nothing";
    case DocNode::Kind::kScalar:
      switch (ClassifyScalar(node)) {
        case ScalarType::kNull:
          return "nothing";
        case ScalarType::kString:
          return QuoteForError(node.text);
        case ScalarType::kBool:
        case ScalarType::kInteger:
        case ScalarType::kFloat:
          return Unquoted(node.text);
      }
      break;
    case DocNode::Kind::kSequence:
      return "a list";
    case DocNode::Kind::kMapping:
      return "a mapping";
  }
  SIM_UNREACHABLE("node kind {}", static_cast<int>(node.kind));
}

std::string_view NearestName(std::string_view word,
                             const std::vector<std::string_view>& candidates) {
  constexpr std::size_t kLengthMax = 64;  // bounds the distance table
  if (word.empty() || word.size() > kLengthMax) return {};
  const std::size_t allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string_view best;
  std::size_t best_distance = allowed + 1;
  for (const std::string_view candidate : candidates) {
    if (candidate.size() > kLengthMax) continue;
    const std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string Unquoted(std::string_view text, std::size_t shown_max) {
  const std::string quoted = QuoteForError(text, shown_max);
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace tools
