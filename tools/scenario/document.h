// tools/scenario/document.h
//
// A scenario's YAML as a plain tree that remembers where each node came
// from: a line and column of the file, or the --set that placed it. The
// loader reads this tree, never yaml-cpp's nodes, so overrides can be grafted
// in before anything is validated and every error can still point at its
// source. Scalars are typed by the YAML 1.2 core schema, as
// tools/check_schema.py reads them. Aliases are expanded, so the node count
// and the depth are bounded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/result.h"
#include "tools/scenario/load_error.h"

namespace tools {

// Bounds on a document, checked while it is parsed.
inline constexpr std::uint32_t kScenarioNodesMax = 100'000;  // YAML nodes, aliases expanded
inline constexpr std::uint32_t kScenarioDepthMax = 32;

struct DocOrigin {
  std::uint32_t line = 1;  // 1-based, in the file
  std::uint32_t column = 1;
  int set_index = -1;  // >= 0: placed by that --set, not by the file
};

struct DocEntry;

struct DocNode {
  enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMapping };
  Kind kind = Kind::kNull;
  std::string text;               // kScalar
  bool quoted = false;            // kScalar written quoted (or !!str): always a string
  std::vector<DocNode> items;     // kSequence
  std::vector<DocEntry> entries;  // kMapping, in file order; keys are unique
  DocOrigin origin;

  const DocNode* Find(std::string_view key) const;  // nullptr when absent
  DocNode* Find(std::string_view key);
  const DocEntry* FindEntry(std::string_view key) const;
};

struct DocEntry {
  std::string key;
  DocOrigin key_origin;
  DocNode value;
};

// What a scalar is under the YAML 1.2 core schema. Quoted scalars are strings.
enum class ScalarType : std::uint8_t { kString, kNull, kBool, kInteger, kFloat };
ScalarType ClassifyScalar(const DocNode& node);  // REQUIRES: node.kind == kScalar

// The file label and the --set strings: turns an origin into an error line.
struct DocSource {
  std::string file;
  std::vector<std::string> sets;

  // "file:3:5" or "--set a.b=1".
  std::string Where(const DocOrigin& origin) const;
  LoadError Error(const DocOrigin& origin, std::string_view what) const;
};

// Parses text holding one YAML document (a mapping is checked by the caller).
// Errors: YAML syntax, an empty file, several documents, a key that is not a
// plain name, a duplicate key, a tag other than !!str, too many nodes or too
// deep.
sim::Result<DocNode, LoadError> ParseDocument(const std::string& text, const DocSource& source);

// A --set split into its path segments and its value, which is parsed as
// YAML (a scalar, or a flow sequence or mapping); every node of the value
// gets origin {set_index}. Errors are the sentence after "--set ...: ".
struct DocOverride {
  std::vector<std::string> path;
  DocNode value;
};
sim::Result<DocOverride, std::string> ParseOverride(std::string_view set, int set_index);
sim::Result<std::vector<std::string>, std::string> SplitOverridePath(std::string_view path);

// Path segments with the `migration:` shorthand spelled out, so that
// `migration.x` and `migrations.0.x` compare equal; an unsplittable path is
// its own single segment.
std::vector<std::string> CanonicalOverridePath(std::string_view path);

// Places value at path: creates missing mappings (and lists, for a numeric
// segment) with origin `created`, appends to a list when the index equals its
// length, and follows the `migration:` shorthand for `migrations.0`. The
// error is a sentence.
sim::Result<sim::Ok, std::string> GraftOverride(DocNode& root, const std::vector<std::string>& path,
                                                DocNode value, const DocOrigin& created);

// YAML flow text that ParseOverride reads back to the same values.
std::string ToFlowYaml(const DocNode& node);
// A mapping as a YAML document that parses back to the same values: a line
// per key, a list's items a line each, every value in flow style.
std::string ToBlockYaml(const DocNode& root);

// The length of the valid UTF-8 character at the start of `text`, whose first
// byte is at least 0x80, or 0 when it is not one (overlong forms, surrogates
// and code points past U+10FFFF are not).
std::size_t Utf8Length(std::string_view text);

// `text` escaped to one clean line: line breaks, tabs, control bytes and
// bytes that are not UTF-8 as \n, \t, \xNN; all else, quotes too, as it is.
std::string OneLine(std::string_view text);

// `text` in double quotes, escaped to stay on one line, cut after shown_max.
std::string QuoteForError(std::string_view text, std::size_t shown_max = 60);
// The same without the quotes.
std::string Unquoted(std::string_view text, std::size_t shown_max = 60);

// How a node reads in an error: "a list", "a mapping", "nothing", a string
// in quotes, a number or boolean as written.
std::string DescribeNode(const DocNode& node);

// The candidate nearest to word by edit distance when it is close enough to
// be a likely typo; empty otherwise. Ties go to the earlier candidate.
std::string_view NearestName(std::string_view word,
                             const std::vector<std::string_view>& candidates);

}  // namespace tools
