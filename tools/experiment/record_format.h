// tools/experiment/record_format.h
//
// The result record (README.md, "Result record"): one JSON object per run,
// one line each in a results file. Every field is named once, in kFields,
// with where its value lives; one writer and one validating reader go by
// that table, so `run --json`, `sweep`, `sweep --resume`, `table` and the
// tests all read and write the same thing. A record carries what a reader
// needs to describe it (the configuration in words, each knob's value): no
// reader goes back to the YAML that produced it.
//
// A new field is a line in kFields (and the value in model::RunResult or
// RecordContext); a field added after records were first written is
// optional, so older results files still read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/run.h"
#include "sim/result.h"

namespace tools {

// (path, value) pairs, each path once: the overrides in force, or the knobs.
using Params = std::vector<std::pair<std::string, std::string>>;

// One expectation's verdict, as tools/scenario/expect.h checks it.
struct RecordVerdict {
  std::string name;
  std::string expected;
  std::string actual;
  bool held = false;
};

// What the run itself does not know: how it was asked for and described.
struct RecordContext {
  std::string file;                       // the scenario file as given
  Params params;                          // the overrides in force
  std::string configuration;              // in words (tools/scenario/describe.h)
  std::string fault_mix;                  // its faults alone, in the same words
  Params knobs;                           // each knob's value (tools/scenario/knobs.h)
  std::vector<std::string> swarm_faults;  // drawn faults, one line each
  std::vector<RecordVerdict> verdicts;    // one per stated expectation
  std::uint64_t model_version = 0;        // model/version.h of the binary that ran it
  std::string commit;                     // and the commit it was built from
  double wall_ms = 0;                     // not reproducible: never in a key or a hash
  // How fast it ran; not reproducible either, like wall_ms.
  struct Speed {
    double events_per_s = 0;
    double sim_s_per_wall_s = 0;  // simulated seconds per wall-clock second
    double peak_rss_mib = 0;      // the process's peak resident memory so far
  } speed;
};

// A sweep's line also says where it sits in the grid.
struct GridPlace {
  std::uint64_t index = 0;
  std::uint64_t combination = 0;
};

struct Record {
  model::RunResult result;  // the figures; the trace and timeline are not written
  RecordContext context;
  std::optional<GridPlace> grid;
};

namespace record_format {

template <typename T>
using Ref = T& (*)(Record&);

// Where a field's value lives in a Record; its type decides its JSON form.
using FieldRef =
    std::variant<Ref<std::string>, Ref<std::uint64_t>, Ref<std::int64_t>, Ref<double>, Ref<bool>,
                 Ref<model::RunOutcome>, Ref<Params>, Ref<std::vector<std::string>>,
                 Ref<std::vector<model::MigrationOutcome>>, Ref<std::vector<RecordVerdict>>,
                 Ref<std::optional<GridPlace>>, Ref<model::CauseCounts>>;

enum class Presence : std::uint8_t {
  kRequired,
  kOptional,  // added since records were first written, or only in sweep lines
};

struct Field {
  std::string_view path;  // "writes.acked": nested objects joined by '.'
  FieldRef ref;
  Presence presence = Presence::kRequired;
  bool hex = false;  // an integer written as 16 hex digits (the trace hash)
};

// Every field, in the order the writer writes them.
const std::vector<Field>& Fields();

}  // namespace record_format

// A JSON library error without its "[json.exception...]" prefix and, for a
// parse error, its position: "number overflow parsing '1e400'".
std::string JsonErrorReason(const std::string& what);

// One line: the record as JSON, then '\n'. Never throws: a string that is
// not UTF-8 (a --set value) is written with U+FFFD in its place.
std::string WriteRecordLine(const Record& record);

// Why a line is not a record; `column` is set for text that is not JSON.
struct RecordError {
  std::optional<std::uint64_t> column;
  std::string what;  // `missing field "writes.acked"`, ...
};

// The record of one line (without its '\n'), every field checked: present
// (unless optional), of its type, and consistent (lost <= acked_docs,
// a known outcome, a 16-digit hash).
sim::Result<Record, RecordError> ReadRecordLine(std::string_view line);

// What identifies a run, in a sweep's --resume and in the table: the
// scenario's name, the params in force (in any order), the seed.
// RunKey(s, p, seed) == RunKeyPrefix(s, p) + std::to_string(seed).
std::string RunKeyPrefix(std::string_view scenario, const Params& params);
std::string RunKey(std::string_view scenario, const Params& params, std::uint64_t seed);

}  // namespace tools
