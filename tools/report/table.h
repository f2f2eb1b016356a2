// tools/report/table.h
//
// The loss-rate table (README.md, "The loss-rate table"): result records read
// back from JSON lines, grouped into one row per (scenario, parameter set),
// the seeds being the runs of a row, and written as markdown, CSV, JSON or a
// self-contained HTML page. Rows are sorted by scenario name, then by their
// parameters, so the table does not depend on the order in which a sweep's
// jobs or shards happened to write their records.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/run.h"
#include "sim/result.h"
#include "tools/experiment/record_format.h"
#include "tools/report/stats.h"

namespace tools {

// How many runs ended in each outcome, by model::RunOutcome.
using OutcomeCounts = std::array<std::uint64_t, model::kRunOutcomeNames.size()>;

// Counts summed over the runs (seeds) of one row.
struct TableRow {
  std::string scenario;
  std::string file;               // the scenario file of the row's first record
  nlohmann::ordered_json params;  // the overrides in force, as in the first record
  std::string configuration;      // in words, as the first record carries it, or by DescribeRow()
  std::string fault_mix;          // its faults in words, as the first record carries them
  std::uint64_t runs = 0;
  std::uint64_t acked_docs = 0;
  std::uint64_t lost = 0;
  std::uint64_t acked_docs_at_cutover = 0;
  std::uint64_t lost_at_cutover = 0;
  std::uint64_t divergent = 0;
  std::uint64_t resurrected = 0;
  std::uint64_t acked_puts = 0;  // white-box: acknowledged puts, and those destroyed
  std::uint64_t destroyed = 0;
  // Exposure (model/README.md, "What counts as loss"), summed over the runs;
  // the longest gap is the longest of any run.
  std::uint64_t exposed_temporary = 0;
  std::uint64_t exposed_permanent = 0;
  double missing_doc_s = 0;
  double longest_gap_s = 0;
  OutcomeCounts outcomes{};         // by model::RunOutcome
  model::CauseCounts causes{};      // of the losses and resurrections at the end
  std::uint64_t expect_missed = 0;  // runs that missed an expectation their record states
  std::vector<RunLoss> end_runs;    // each run's loss at the end (tools/report/stats.h)
  Params knobs;                     // each knob's value, as the first record carries them
};

// The settings that differ between rows of the table, each a knob or an
// override path ("migrations.0.skip_delta_pass", "cluster.groups"), in the
// order they first appear; and a row's value of one ("" when it has none),
// or of "scenario", "fault_mix" or "configuration".
std::vector<std::string> VaryingSettings(const std::vector<TableRow>& rows);
std::vector<std::string> VaryingSettings(const std::vector<const TableRow*>& rows);
std::string SettingOf(const TableRow& row, const std::string& path);

// The rows by address, for the functions that take a subset of them.
std::vector<const TableRow*> RowPointers(const std::vector<TableRow>& rows);

// Where a record came from, for error messages and the duplicate check.
struct RecordPlace {
  std::string file;
  std::uint64_t line = 0;
};

// Reads result records and sums them into rows. Each mistake in the input is
// one line, `file:line: what is wrong` (`file:line:column:` for bad JSON),
// and the reader is not used after one. A trailing line with no newline (an
// interrupted sweep's last write) is skipped with a warning instead. Blank
// lines are skipped. The same run (scenario, params, seed) twice is a mistake.
class TableReader {
 public:
  // Reads a JSON-lines file. Stops at the first bad record.
  sim::Result<sim::Ok, std::string> AddFile(const std::string& path);

  // The same for text already in memory; `label` names it in messages.
  sim::Result<sim::Ok, std::string> AddText(std::string_view text, const std::string& label);

  std::uint64_t records() const { return records_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

  // One row per (scenario, parameter set), sorted by scenario then params.
  std::vector<TableRow> Rows() const;

 private:
  sim::Result<sim::Ok, std::string> AddRecord(std::string_view line, const RecordPlace& place);
  void SkipCutOffLine(std::string_view line, const RecordPlace& place);

  std::map<std::string, TableRow> rows_;          // by RunKeyPrefix()
  std::map<std::string, RecordPlace> runs_seen_;  // (group key, seed) -> first place
  std::uint64_t records_ = 0;
  std::vector<std::string> warnings_;
};

// The configuration in words from the parameters alone: known overrides as
// words ("anti-entropy on, delta pass skipped"), the rest as path=value, in
// order; empty when there are none.
std::string DescribeParams(const nlohmann::ordered_json& params);

// A parameter value as the --set text that reproduces it ("true", "5ms"):
// a string as it is, anything else as JSON.
std::string ParamText(const nlohmann::ordered_json& value);

// Fills row.configuration when its records carried none (written by an older
// cutover-sim): from the params alone. Returns a warning when it did.
std::optional<std::string> DescribeRow(TableRow& row);

// DescribeRow() for every row, then the full params appended to rows of one
// scenario whose words came out the same. Returns the warnings, one per file.
std::vector<std::string> DescribeRows(std::vector<TableRow>& rows);

enum class TableFormat { kMarkdown, kText, kCsv, kJson, kHtml };
std::optional<TableFormat> ParseTableFormat(std::string_view name);  // md|text|csv|json|html

// How markdown and terminal text lay the rows out (table_layout.cc).
struct TableLayout {
  // Settings (a knob, an override path, "scenario" or "fault_mix") whose
  // values split the rows into blocks, one table each under a title.
  std::vector<std::string> group_by;
  // A setting whose values become the columns: one row per combination of
  // the other settings, each cell the per-run loss at the end [interval].
  std::optional<std::string> pivot;
  // Terminal text only: the line width to fit. Columns are dropped (the
  // least needed first), then names cut, never wrapped.
  std::size_t width = 80;
  // Terminal text only: the lines under each table that say what its short
  // names stand for and what the rows share.
  bool notes = true;
};

// Why `layout` does not fit `rows` (a setting no row has), or nothing.
std::optional<std::string> CheckLayout(const std::vector<TableRow>& rows,
                                       const TableLayout& layout);

// Each row's settings that are off their most often value among the rows,
// but those in `except`, in full: "drain_settle=per_target,
// anti_entropy.enabled=true" (`migrations.0.` left out); "" when none.
std::vector<std::string> OffTheMostOften(const std::vector<TableRow>& rows,
                                         const std::vector<std::string>& except = {});

// A fraction in percent: three decimals, or two significant digits below 0.001 %.
std::string FormatPercent(double fraction);

// `0.012 % [0.003, 0.041]`: the rate and its 95 % interval, in percent.
std::string FormatRatePercent(std::uint64_t lost, std::uint64_t acked);

// "2/3 [21, 94] %": runs with any loss at the end, with the Wilson interval over runs.
std::string FormatRunsWithLoss(const RunStats& runs);
// "6.157 % [0.000, 9.440]; min 0.000, median 9.030, max 9.440": the per-run loss rates
// at the end, the mean with its bootstrap interval over seeds (stats.h).
std::string FormatPerRunLoss(const RunStats& runs);
// "9 complete, 1 failed": the outcome counts that are not zero, then how many
// runs missed their expect: ("; 2 missed expect:"), if any.
std::string FormatOutcomes(const TableRow& row);
std::string FormatOutcomes(const OutcomeCounts& outcomes, std::uint64_t expect_missed);
// "3 temporary, 1 permanent; 12.5 doc-s, longest 9.1 s", or "none".
std::string FormatExposure(const TableRow& row);

// Markdown keeps every column and full words; terminal text names each
// setting off its most often value in one column and fits `layout.width`.
std::string FormatMarkdown(const std::vector<TableRow>& rows, const TableLayout& layout = {});
std::string FormatText(const std::vector<TableRow>& rows, const TableLayout& layout = {});
std::string FormatCsv(const std::vector<TableRow>& rows);   // fractions, not percentages
std::string FormatJson(const std::vector<TableRow>& rows);  // an array of row objects
// One self-contained page of pictures and a sortable table (table_html.cc);
// `headline[i]` marks the rows drawn first (the seed report's, tools/headline).
std::string FormatHtml(const std::vector<TableRow>& rows, const std::vector<bool>& headline = {});

}  // namespace tools
