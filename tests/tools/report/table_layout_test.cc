// Tests for the table laid out for reading (tools/report/table_layout.cc):
// terminal text fitted to a width, blocks by --group-by, a setting across the
// columns by --pivot, and the names they refuse.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/tools/experiment/record_lines.h"
#include "tools/report/table.h"

namespace tools {
namespace {

using testing::Counts;
using testing::Json;
using testing::Line;

std::vector<TableRow> RowsOf(const std::string& text) {
  TableReader reader;
  const auto added = reader.AddText(text, "r.jsonl");
  if (!added.has_value()) ADD_FAILURE() << added.error();
  return reader.Rows();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Code points, as a terminal counts the columns of a line.
std::size_t Columns(const std::string& line) {
  std::size_t n = 0;
  for (const char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

// Three readings of one scenario, two seeds each; the last one loses.
std::string Readings() {
  std::string text;
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    text += Line("s", {{"migrations.0.drain_settle", "count"}, {"anti_entropy.enabled", "true"}},
                 seed, {.fault_mix = "2 % write failures on new-1"});
    text += Line("s", {{"migrations.0.drain_settle", "count"}, {"anti_entropy.enabled", "false"}},
                 seed, {.outcome = "stuck", .fault_mix = "2 % write failures on new-1"});
    text +=
        Line("s", {{"migrations.0.drain_settle", "per_target"}, {"anti_entropy.enabled", "false"}},
             seed, {.acked = 1000, .lost = seed * 10, .fault_mix = "2 % write failures on new-1"});
  }
  return text;
}

TEST(TextTable, NamesEachRowBySettingsOffTheirMostOftenValue) {
  const std::vector<std::string> lines = Lines(FormatText(RowsOf(Readings())));
  ASSERT_GE(lines.size(), 4u);
  EXPECT_TRUE(lines[0].starts_with("Settings")) << lines[0];
  // Rows sort by params; drain_settle is most often count, AE most often false.
  EXPECT_TRUE(lines[1].starts_with("-  ")) << lines[1];
  EXPECT_TRUE(lines[2].starts_with("ds=per_target  ")) << lines[2];
  EXPECT_TRUE(lines[3].starts_with("ae  ")) << lines[3];
  EXPECT_NE(lines[1].find("2 stuck"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("2/2"), std::string::npos) << lines[2];  // runs with loss
  EXPECT_NE(lines[2].find("1.500 [1.000, 2.000]"), std::string::npos) << lines[2];
}

// The notes with their wrapping undone.
std::string Unwrapped(std::string text) {
  for (std::size_t at = text.find("\n  "); at != std::string::npos; at = text.find("\n  ", at)) {
    text.replace(at, 3, " ");
  }
  return text;
}

TEST(TextTable, SaysOnceUnderTheTableWhatEveryRowShares) {
  const std::string text = Unwrapped(FormatText(RowsOf(Readings())));
  EXPECT_NE(text.find("Scenario s."), std::string::npos) << text;
  EXPECT_NE(text.find("Faults: 2 % write failures on new-1."), std::string::npos) << text;
  EXPECT_NE(text.find("2 runs (seeds) a row."), std::string::npos) << text;
  EXPECT_NE(text.find("ds = drain_settle (most often count)"), std::string::npos) << text;
  TableLayout quiet;
  quiet.notes = false;
  EXPECT_EQ(Lines(FormatText(RowsOf(Readings()), quiet)).size(), 4u);
}

TEST(TextTable, FitsTheWidthByLeavingOutTheLeastNeededColumnsFirst) {
  const std::vector<TableRow> rows = RowsOf(Readings());
  TableLayout wide;
  wide.width = 200;
  EXPECT_NE(FormatText(rows, wide).find("Max %"), std::string::npos);
  for (const std::size_t width : {80u, 60u, 40u}) {
    TableLayout layout;
    layout.width = width;
    const std::string text = FormatText(rows, layout);
    for (const std::string& line : Lines(text)) {
      EXPECT_LE(Columns(line), width) << "at " << width << ":\n" << text;
    }
    EXPECT_NE(text.find("Loss/run % [95% CI]"), std::string::npos) << text;  // never left out
    EXPECT_NE(text.find("Left out to fit"), std::string::npos) << text;
  }
}

TEST(TextTable, CutsNamesOnlyWhenNoColumnIsLeftToLeaveOut) {
  std::string text;
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    text += Line("a-scenario-with-a-rather-long-name", Json::object(), seed, {.lost = 3});
    text += Line("another-scenario-with-a-long-name", Json::object(), seed);
  }
  TableLayout layout;
  layout.width = 40;
  const std::string table = FormatText(RowsOf(text), layout);
  for (const std::string& line : Lines(table)) EXPECT_LE(Columns(line), 40u) << table;
  EXPECT_NE(table.find("\u2026"), std::string::npos) << table;
  layout.width = 80;
  EXPECT_EQ(FormatText(RowsOf(text), layout).find("\u2026"), std::string::npos);
}

TEST(GroupBy, OneTablePerValueUnderItsTitle) {
  TableLayout layout;
  layout.group_by = {"anti_entropy.enabled"};
  const std::string md = FormatMarkdown(RowsOf(Readings()), layout);
  const std::size_t on = md.find("### anti_entropy.enabled=true\n\n| Scenario |");
  const std::size_t off = md.find("### anti_entropy.enabled=false\n\n| Scenario |");
  ASSERT_NE(on, std::string::npos) << md;
  ASSERT_NE(off, std::string::npos) << md;
  // Within a group only drain_settle differs: the grouped setting is no column.
  EXPECT_EQ(md.find("| anti_entropy.enabled |"), std::string::npos) << md;
  EXPECT_NE(md.find("| drain_settle |"), std::string::npos) << md;
}

TEST(Pivot, PutsOneSettingsValuesAcrossWithThePerRunLossInEachCell) {
  std::string text = Readings();
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    text += Line("t", {{"migrations.0.drain_settle", "per_target"}}, seed,
                 {.acked = 1000, .lost = 40, .fault_mix = "crash of orchestrator"});
  }
  TableLayout layout;
  layout.pivot = "fault_mix";
  layout.width = 120;
  const std::vector<std::string> lines = Lines(FormatText(RowsOf(text), layout));
  ASSERT_GE(lines.size(), 5u);
  // Values too long for a terminal column go by letters, named underneath.
  // (lower case: upper case letters name the settings' values).
  EXPECT_TRUE(lines[0].ends_with("  a                     b")) << lines[0];
  const std::string text_table = FormatText(RowsOf(text), layout);
  EXPECT_NE(text_table.find("a = 2 % write failures on new-1; b = crash of orchestrator"),
            std::string::npos)
      << text_table;
  // drain_settle=per_target, AE unset in t: a row of its own; AE false in s.
  bool both = false;
  for (const std::string& line : lines) {
    if (line.find("4.000 [4.000, 4.000]") != std::string::npos) both = true;
  }
  EXPECT_TRUE(both) << FormatText(RowsOf(text), layout);
}

TEST(Pivot, MarkdownCellsArePercentages) {
  TableLayout layout;
  layout.pivot = "migrations.0.drain_settle";
  const std::string md = FormatMarkdown(RowsOf(Readings()), layout);
  EXPECT_NE(md.find("| count | per_target |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 1.500 [1.000, 2.000] % |"), std::string::npos) << md;
}

TEST(Pivot, TwoScenariosOfOneFaultMixKeepARowEach) {
  std::string text;
  for (const std::string scenario : {"s", "u"}) {
    for (std::uint64_t seed = 1; seed <= 2; ++seed) {
      text += Line(scenario, {{"x", "1"}}, seed,
                   {.lost = scenario == "s" ? 0u : 20u, .fault_mix = "crash of orchestrator"});
    }
  }
  TableLayout layout;
  layout.pivot = "fault_mix";
  const std::string md = FormatMarkdown(RowsOf(text), layout);
  EXPECT_NE(md.find("| s | 0 % |"), std::string::npos) << md;  // not overwritten by u's
  EXPECT_NE(md.find("| u | 2.000 [2.000, 2.000] % |"), std::string::npos) << md;
}

TEST(Pivot, ACellOfARowWithoutAckedWritesIsNotAPercentage) {
  const std::string text =
      Line("s", {{"x", "1"}}, 1, {.acked = 0, .acked_at_cutover = 0}) + Line("s", {{"x", "2"}}, 1);
  TableLayout layout;
  layout.pivot = "x";
  const std::string md = FormatMarkdown(RowsOf(text), layout);
  EXPECT_NE(md.find("| n/a | 0 % |"), std::string::npos) << md;
}

TEST(TextTable, NeverCutsTwoNamesIntoTheSameText) {
  std::string text;
  for (const std::string scenario : {"nightly-crash-delta-on-a", "nightly-crash-delta-on-b"}) {
    text += Line(scenario, Json::object(), 1, {.lost = 3});
  }
  TableLayout layout;
  layout.width = 40;
  const std::string table = FormatText(RowsOf(text), layout);
  // Cut to fit 40 columns, both would read "nightly-crash-del…".
  EXPECT_NE(table.find("nightly-crash-delta-on-a "), std::string::npos) << table;
  EXPECT_NE(table.find("nightly-crash-delta-on-b "), std::string::npos) << table;
  EXPECT_NE(Unwrapped(table).find("Wider than 40 columns: Scenario cannot be cut further"),
            std::string::npos)
      << table;
}

TEST(CheckLayout, NamesASettingNoRecordHas) {
  const std::vector<TableRow> rows = RowsOf(Readings());
  TableLayout layout;
  layout.group_by = {"anti_entropy.enabld"};
  const auto wrong = CheckLayout(rows, layout);
  ASSERT_TRUE(wrong.has_value());
  EXPECT_TRUE(wrong->starts_with("\"anti_entropy.enabld\" is no setting of these records"))
      << *wrong;
  layout.group_by = {"scenario", "fault_mix", "migrations.0.drain_settle"};
  EXPECT_FALSE(CheckLayout(rows, layout).has_value());
  layout.pivot = "scenario";
  EXPECT_TRUE(CheckLayout(rows, layout).has_value());  // both across and down
}

}  // namespace
}  // namespace tools
