// tools/scenario/scenario.h
//
// The scenario loader: a YAML scenario file (README.md, "Scenario files"; the
// same format as scenarios/schema.json) plus `--set PATH=VALUE` overrides,
// into the model's plain config with every default filled in. Overrides are
// applied to the YAML tree before anything is checked, so a value from --set
// is validated exactly like one from the file. Every user mistake comes back
// as one line naming where it is; loading never throws and never asserts on
// input.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/config.h"
#include "sim/result.h"
#include "sim/time.h"
#include "tools/scenario/document.h"
#include "tools/scenario/expect.h"
#include "tools/scenario/load_error.h"
#include "tools/scenario/seeds.h"

namespace tools {

// The `swarm:` block: extra faults drawn per seed. The defaults are those of
// README.md, "Scenario files".
struct SwarmConfig {
  std::vector<model::FaultKind> kinds = {model::FaultKind::kPartition, model::FaultKind::kCrash,
                                         model::FaultKind::kWriteFailure, model::FaultKind::kSlow};
  std::uint32_t max_faults = 4;
  sim::Time window_begin = 0;
  sim::Time window_end = 60 * sim::kSecond;
  bool enabled = false;  // the block is present
};

// The `sweep:` block. `seeds: N` is 1..N, `seeds: "A..B"` is A..B; with the
// block present and no `seeds`, 1..100 (README.md, "Scenario files").
struct SweepConfig {
  std::uint64_t seed_first = 1;
  std::uint64_t seed_last = 1;
  // Override path -> its values, each as YAML text that --set accepts, in
  // file order. Every value has been loaded once with the file.
  std::vector<std::pair<std::string, std::vector<std::string>>> matrix;
  // Named sets of overrides, one dimension varying slower than the matrix:
  // each reading is its --set PATH=VALUE strings (none: the file as it is).
  std::vector<std::vector<std::string>> readings;
  bool present = false;
};

struct Scenario {
  std::string file;  // path or label as given
  std::string description;
  model::ModelConfig model;  // every default filled; migrations empty when the file has none
  Expectations expect;
  bool has_expect = false;
  SwarmConfig swarm;
  SweepConfig sweep;
  std::vector<std::string> overrides;  // the --set PATH=VALUE strings applied, in order
  std::string text;                    // the file's text as loaded, before the overrides
};

// Bounds the loader enforces beyond model::Limits.
inline constexpr std::size_t kScenarioFileBytesMax = 4u << 20;
inline constexpr std::uint64_t kSweepCombinationsMax = 10'000;
// With workload.shards, the run lists the shards' documents by a scan of the
// whole key space: it must stay small enough to scan.
inline constexpr std::uint64_t kListedKeySpaceMax = 50'000'000;

// The overrides as (path, value) pairs, each path once, where it was first
// set, with its last value: the `params` a record shows.
// REQUIRES: each is PATH=VALUE (the loader refuses anything else).
std::vector<std::pair<std::string, std::string>> OverridePairs(
    const std::vector<std::string>& sets);

// Bad input of any kind comes back as a LoadError, never as an exception; only
// a bug in the loader throws (sim::InternalError, exit code 3).
//
// Whether loading also loads the file once with each sweep.matrix value and
// each sweep.readings item in place (so a sweep cannot fail on a value it
// never tried), or only as it is (a sweep's grid point, already checked).
enum class SweepCheck : std::uint8_t { kEveryValue, kAsIs };

// Reads and loads a scenario file; `sets` are PATH=VALUE override strings.
sim::Result<Scenario, LoadError> LoadScenarioFile(const std::string& path,
                                                  const std::vector<std::string>& sets = {},
                                                  SweepCheck check = SweepCheck::kEveryValue);

// The same, from text; file_label names it in errors and in Scenario::file.
sim::Result<Scenario, LoadError> LoadScenarioText(const std::string& text,
                                                  const std::string& file_label,
                                                  const std::vector<std::string>& sets = {},
                                                  SweepCheck check = SweepCheck::kEveryValue);

// A scenario file parsed once, without its sweep block, so that a sweep loads
// each of its grid points without parsing the file (and its value lists)
// again.
struct ParsedScenario {
  std::string file;
  DocNode root;
  std::string text;  // as read, for Scenario::text
};
sim::Result<ParsedScenario, LoadError> ParseScenarioFile(const std::string& path);
// The grid point `sets` of a parsed file. REQUIRES: the file loaded whole
// (LoadScenarioFile) first, which checked its sweep block.
sim::Result<Scenario, LoadError> LoadGridPoint(const ParsedScenario& parsed,
                                               const std::vector<std::string>& sets);

}  // namespace tools
