#include "tests/fuzz/mutator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string_view>

namespace fuzz {
namespace {

// Values the loader must refuse in one line, or accept and run within bounds:
// numbers past every limit, non-numbers, durations past a year, YAML's
// special forms, bytes that are not text.
constexpr std::string_view kHostileValues[] = {
    ".nan", ".NaN", ".inf", "-.inf", "-1", "0", "1", "2", "0.5", "1e308", "-1e308", "1e-320",
    "18446744073709551615", "18446744073709551616", "9223372036854775807",
    "-9223372036854775808", "4294967296", "16777216", "65537", "1000000000001", "2562047h",
    "8760h", "8761h", "9223372036854775807ns", "1ns", "0s", "-1s", "1us", "-8760h",
    "phase:cutover_draining+1us", "phase:nope", "phase:", "~", "null", "\"\"", "[]", "{}",
    "true", "yes", "0x10", "0o17", "1_000", "+5", "\"3\"", "1.5", "1e3", "*anchor",
    "&anchor 1", "!!binary AAAA", "\"\\u0000\"", "\"\\xff\"", "60000"};

// Bytes no scenario has: controls, invalid UTF-8, YAML indicators.
constexpr std::string_view kStrayBytes[] = {
    "\n", "\r", "\t", std::string_view("\0", 1), "\x01", "\x7f", "\xff", "\xc3", "\xed\xa0\x80",
    ":", "- ", "{", "[", "\"", "&a ", "*a"};

struct Span {
  std::size_t begin;
  std::size_t end;
  bool key;
};

bool IsSpace(char c) { return c == ' ' || c == '\t'; }
bool EndsToken(char c) { return c == ',' || c == ']' || c == '}' || c == '#'; }

// The keys and scalar values of one line [begin, end) of `text`, by a small
// scan of block and flow YAML (good enough to aim mutations, not a parser).
void LineSpans(const std::string& text, std::size_t begin, std::size_t end,
               std::vector<Span>& out) {
  bool expect_token = true;
  std::size_t i = begin;
  while (i < end) {
    const char c = text[i];
    if (IsSpace(c)) {
      ++i;
    } else if (c == '#') {
      return;
    } else if (c == '[' || c == '{' || c == ',') {
      expect_token = true;
      ++i;
    } else if (c == ']' || c == '}' || !expect_token) {
      ++i;
    } else if (c == '-' && i + 1 < end && text[i + 1] == ' ') {
      i += 2;
    } else if (c == '"' || c == '\'') {
      const std::size_t close = text.find(c, i + 1);
      const std::size_t stop = close == std::string::npos || close >= end ? end : close + 1;
      out.push_back({i, stop, false});
      expect_token = false;
      i = stop;
    } else {
      std::size_t j = i;
      while (j < end && !EndsToken(text[j]) &&
             !(text[j] == ':' && (j + 1 == end || IsSpace(text[j + 1])))) {
        ++j;
      }
      std::size_t last = j;
      while (last > i && IsSpace(text[last - 1])) --last;
      const bool key = j < end && text[j] == ':';
      if (last > i) out.push_back({i, last, key});
      expect_token = key;
      i = key ? j + 1 : j;
    }
  }
}

std::vector<Span> Spans(const std::string& text) {
  std::vector<Span> spans;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    LineSpans(text, begin, end, spans);
    begin = end + 1;
  }
  return spans;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

template <typename T>
const T& Pick(const std::vector<T>& items, Random& random) {
  return items[random.Below(items.size())];
}

// A number (and its unit, if any) made larger or smaller: often still a
// valid scenario, one that runs differently.
std::string Rescaled(std::string_view value, Random& random) {
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  if (digits == 0 || digits > 12) return std::string(value);
  const std::uint64_t number = std::stoull(std::string(value.substr(0, digits)));
  constexpr std::uint64_t kFactors[] = {2, 10, 1000};
  const std::uint64_t factor = kFactors[random.Below(std::size(kFactors))];
  const std::uint64_t choices[] = {number * factor, number / factor, number + 1, 0};
  return std::to_string(choices[random.Below(std::size(choices))]) +
         std::string(value.substr(digits));
}

// A flow list nested `depth` deep, or `length` items long.
std::string Nested(std::size_t depth) {
  return std::string(depth, '[') + "1" + std::string(depth, ']');
}
std::string LongList(std::size_t length) {
  std::string list = "[";
  for (std::size_t i = 0; i < length; ++i) list += i == 0 ? "1" : ", 1";
  return list + "]";
}

}  // namespace

std::vector<CorpusFile> ReadCorpus(const std::vector<std::string>& dirs) {
  std::vector<CorpusFile> files;
  for (const std::string& dir : dirs) {
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_regular_file() && it->path().extension() == ".yaml") {
        files.push_back({it->path().string(), ""});
      }
    }
  }
  std::sort(files.begin(), files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.path < b.path; });
  for (CorpusFile& file : files) {
    std::ifstream in(file.path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    file.text = text.str();
  }
  return files;
}

std::uint64_t Random::Next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

ScenarioMutator::ScenarioMutator(const std::vector<std::string>& corpus) {
  std::set<std::string> lines;
  std::set<std::string> keys;
  std::set<std::string> values;
  for (const std::string& text : corpus) {
    for (std::string& line : Lines(text)) lines.insert(std::move(line));
    for (const Span& span : Spans(text)) {
      (span.key ? keys : values).insert(text.substr(span.begin, span.end - span.begin));
    }
  }
  lines_.assign(lines.begin(), lines.end());
  keys_.assign(keys.begin(), keys.end());
  values_.assign(values.begin(), values.end());
  if (lines_.empty()) lines_.push_back("name: x");
  if (keys_.empty()) keys_.push_back("name");
  if (values_.empty()) values_.push_back("1");
}

std::string ScenarioMutator::Mutate(std::string text, std::uint64_t seed) const {
  Random random(seed);
  // Mostly one mutation: a mutant with one fault in it gets furthest.
  constexpr std::size_t kCounts[] = {1, 1, 1, 1, 2, 2, 3, 4};
  const std::size_t count = kCounts[random.Below(std::size(kCounts))];
  for (std::size_t i = 0; i < count; ++i) MutateOnce(text, random);
  return text;
}

void ScenarioMutator::MutateOnce(std::string& text, Random& random) const {
  const std::vector<Span> spans = Spans(text);
  std::vector<Span> keys;
  std::copy_if(spans.begin(), spans.end(), std::back_inserter(keys),
               [](const Span& span) { return span.key; });
  const auto replace = [&](const Span& span, std::string_view with) {
    text.replace(span.begin, span.end - span.begin, with);
  };
  const std::size_t kind = random.Below(20);
  if (kind < 12) {  // a mutation of one key or value
    if (spans.empty()) return;
    const Span& span = Pick(spans, random);
    const std::string_view was = std::string_view(text).substr(span.begin, span.end - span.begin);
    if (kind < 4) {
      replace(span, kHostileValues[random.Below(std::size(kHostileValues))]);
    } else if (kind < 8) {
      replace(span, Rescaled(was, random));
    } else if (kind < 10) {
      replace(span, Pick(values_, random));
    } else if (kind == 10) {  // nested deep, or a very long list
      replace(span, random.Below(2) == 0 ? Nested(20 + random.Below(200))
                                         : LongList(1 + random.Below(20000)));
    } else if (!keys.empty()) {  // a key renamed: another scenario's, or one letter lost
      const Span& key = Pick(keys, random);
      if (random.Below(2) == 0 || key.end - key.begin < 2) {
        replace(key, Pick(keys_, random));
      } else {
        text.erase(key.begin + random.Below(key.end - key.begin), 1);
      }
    }
    return;
  }
  if (kind == 12) {
    text.insert(random.Below(text.size() + 1), kStrayBytes[random.Below(std::size(kStrayBytes))]);
    return;
  }
  if (kind == 13) {
    text.resize(random.Below(text.size() + 1));
    return;
  }
  std::vector<std::string> lines = Lines(text);
  const auto line_at = [&](std::size_t i) {
    return lines.begin() + static_cast<std::ptrdiff_t>(i);
  };
  if (kind <= 15) {  // a line of another scenario spliced in
    lines.insert(line_at(random.Below(lines.size() + 1)), Pick(lines_, random));
  } else if (lines.empty()) {
    return;
  } else if (kind == 16) {
    lines.erase(line_at(random.Below(lines.size())));
  } else if (kind == 17) {
    const std::size_t at = random.Below(lines.size());
    lines.insert(line_at(at), lines[at]);
  } else if (kind == 18) {
    std::swap(lines[random.Below(lines.size())], lines[random.Below(lines.size())]);
  } else {  // re-indented
    std::string& line = lines[random.Below(lines.size())];
    if (random.Below(2) == 0) {
      line.insert(0, 2, ' ');
    } else if (line.starts_with("  ")) {
      line.erase(0, 2);
    }
  }
  text = Join(lines);
}

}  // namespace fuzz
