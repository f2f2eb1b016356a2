// The loss-rate table laid out for reading: markdown (full words, for
// reports/) and terminal text (fitted to a width), either one table, blocks
// of rows grouped by settings (--group-by), or one setting's values across
// the columns (--pivot). CSV and JSON are in table_format.cc.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "tools/report/table.h"
#include "tools/report/table_cells.h"

namespace tools {
namespace {

using table_cells::Column;
using table_cells::DisplayWidth;
using table_cells::Laid;
using table_cells::MarkdownCell;
using table_cells::Wrap;

// "migrations.0.page_size" -> "page_size", as the markdown header names it.
std::string SettingHeader(const std::string& path) {
  const std::string_view prefix = "migrations.0.";
  return path.starts_with(prefix) ? path.substr(prefix.size()) : path;
}

// A short name for a setting in terminal text: its last word, or the one
// before ".enabled", as initials when it has several ("dual_write_until":
// "dwu"; "anti_entropy.enabled": "ae").
std::string Initials(const std::string& path) {
  std::string name = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
  if (name == "enabled" && path.find('.') != std::string::npos) {
    const std::string head = path.substr(0, path.rfind('.'));
    name = head.substr(head.rfind('.') == std::string::npos ? 0 : head.rfind('.') + 1);
  }
  if (name.find('_') == std::string::npos) return name;
  std::string initials;
  bool start = true;
  for (const char c : name) {
    if (start && c != '_') initials += c;
    start = c == '_';
  }
  return initials;
}

// The most common value of a setting over the rows, "" (unset) counted too
// (the first seen on a tie).
std::string MostCommon(const std::vector<const TableRow*>& rows, const std::string& path) {
  std::vector<std::string> order;
  std::map<std::string, int> count;
  for (const TableRow* row : rows) {
    const std::string value = SettingOf(*row, path);
    if (count[value]++ == 0) order.push_back(value);
  }
  return *std::max_element(order.begin(), order.end(),
                           [&](const auto& a, const auto& b) { return count[a] < count[b]; });
}

// "A", "B", ..., "Z", "AA", ...: the n-th (from 0) lettered value.
std::string Letters(std::size_t n) {
  std::string letters(1, static_cast<char>('A' + n % 26));
  return n < 26 ? letters : Letters(n / 26 - 1) + letters;
}

constexpr std::size_t kLongValue = 14;  // longer values are lettered in terminal text

// The settings that tell `rows` apart, as one terminal column: each setting
// off its most common value, "dwu=cutover ds=per_target", or "-". Notes say
// what the short names and letters stand for.
Column SettingsColumn(const std::vector<const TableRow*>& rows,
                      const std::vector<std::string>& paths, std::vector<std::string>& notes) {
  std::map<std::string, int> uses;
  for (const std::string& path : paths) ++uses[Initials(path)];
  std::vector<std::string> legend;
  std::vector<std::vector<std::string>> parts(rows.size());
  for (const std::string& path : paths) {
    const std::string name = uses[Initials(path)] > 1 ? path : Initials(path);
    const std::string common = MostCommon(rows, path);
    std::map<std::string, std::string> letters;  // long value -> "A", "B", ...
    std::string lettered;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::string value = SettingOf(*rows[i], path);
      if (value == common) continue;
      if (value == "true" || value == "false") {  // "ae", "!ae"
        parts[i].push_back((value == "true" ? "" : "!") + name);
        continue;
      }
      std::string shown = value.empty() ? "(unset)" : value;  // as its scenario has it
      if (DisplayWidth(value) > kLongValue) {
        auto [at, fresh] = letters.try_emplace(value, Letters(letters.size()));
        if (fresh) lettered += fmt::format("; {} = {}", at->second, value);
        shown = at->second;
      }
      parts[i].push_back(fmt::format("{}={}", name, shown));
    }
    legend.push_back(fmt::format("{}{} (most often {}){}", name == path ? "" : name + " = ",
                                 SettingHeader(path), common.empty() ? "unset" : common, lettered));
  }
  Column column{"Settings", "Settings", false, Column::kKeepAlways, true, {}};
  for (const auto& row_parts : parts) {
    column.cells.push_back(row_parts.empty() ? "-" : fmt::format("{}", fmt::join(row_parts, ",")));
  }
  notes.push_back(
      fmt::format("Settings: those off their most often value (-: none; "
                  "(unset): as the scenario has it; a flag as NAME when true, "
                  "!NAME when false); {}.",
                  fmt::join(legend, ", ")));
  return column;
}

bool Varies(const std::vector<const TableRow*>& rows, const std::string& path) {
  return std::any_of(rows.begin(), rows.end(), [&](const TableRow* row) {
    return SettingOf(*row, path) != SettingOf(*rows.front(), path);
  });
}

// What names a row: its scenario, its fault mix (and, in markdown where no
// setting differs, its configuration in words, which states the faults), or
// neither when a pivot puts them across.
struct Names {
  bool scenario = true;
  bool fault_mix = true;
};

// The columns that name a row: the scenario, the settings and the fault mix
// that differ between `rows`, each as a column, or once in a note when it
// does not differ (terminal text) or always as a column (markdown).
void AddNameColumns(const std::vector<const TableRow*>& rows, const std::vector<std::string>& paths,
                    bool text, const TableLayout& layout, Names names, Laid& laid) {
  const auto titled = [&](std::string_view name) {  // said by the group's title already
    return std::find(layout.group_by.begin(), layout.group_by.end(), name) != layout.group_by.end();
  };
  const auto add = [&](Column column, const std::string& path) {
    for (const TableRow* row : rows) column.cells.push_back(SettingOf(*row, path));
    laid.columns.push_back(std::move(column));
  };
  if (names.scenario && (!text || Varies(rows, "scenario"))) {
    add({"Scenario", "Scenario", false, Column::kKeepAlways, true, {}}, "scenario");
  } else if (names.scenario && !titled("scenario")) {
    laid.notes.push_back(fmt::format("Scenario {}.", rows.front()->scenario));
  }
  if (text && !paths.empty()) {
    laid.columns.push_back(SettingsColumn(rows, paths, laid.notes));
  } else if (!text) {
    for (const std::string& path : paths) {
      add({MarkdownCell(SettingHeader(path)), "", false, Column::kKeepAlways, false, {}}, path);
    }
    if (paths.empty() && names.fault_mix) {
      add({"Configuration", "", false, Column::kKeepAlways, false, {}}, "configuration");
    }
  }
  if (names.fault_mix && (!text || Varies(rows, "fault_mix"))) {
    add({"Fault mix", "Faults", false, 90, true, {}}, "fault_mix");
  } else if (names.fault_mix && !rows.front()->fault_mix.empty() && !titled("fault_mix")) {
    laid.notes.push_back(fmt::format("Faults: {}.", rows.front()->fault_mix));
  }
}

// The per-run loss at the end, "3.049 [3.008, 3.092]", in percent.
std::string MeanCell(const RunStats& s) {
  if (s.rated == 0) return "n/a";
  if (s.max == 0) return "0";  // no run lost anything: the interval is [0, 0] too
  return fmt::format("{} [{}, {}]", FormatPercent(s.mean), FormatPercent(s.mean_ci.low),
                     FormatPercent(s.mean_ci.high));
}

// The runs that did not complete, "6 stuck, 1 failed", or "-"; and how
// many missed their expect: block.
std::string Incomplete(const TableRow& row) {
  auto others = row.outcomes;
  others[static_cast<std::size_t>(model::RunOutcome::kComplete)] = 0;
  const std::string text = FormatOutcomes(others, row.expect_missed);
  return text.empty() || text.starts_with(";") ? "-" + text : text;
}

std::string PooledPercent(std::uint64_t lost, std::uint64_t acked) {
  if (acked == 0) return "n/a";
  return FormatPercent(static_cast<double>(lost) / static_cast<double>(acked));
}

// The figures of each row: in full words for markdown, briefly for a terminal.
void AddFigureColumns(const std::vector<const TableRow*>& rows, bool text, Laid& laid) {
  std::vector<RunStats> stats;
  for (const TableRow* row : rows) stats.push_back(SummarizeRuns(row->end_runs));
  const auto add = [&](Column column, const auto& cell) {
    for (std::size_t i = 0; i < rows.size(); ++i) column.cells.push_back(cell(*rows[i], stats[i]));
    laid.columns.push_back(std::move(column));
  };
  using R = const TableRow&;
  using S = const RunStats&;
  const bool same_runs = std::all_of(
      rows.begin(), rows.end(), [&](const TableRow* row) { return row->runs == rows[0]->runs; });
  if (!text || !same_runs) {
    add({"Runs", "Runs", true, 50, false, {}}, [](R r, S) { return std::to_string(r.runs); });
  } else {
    laid.notes.push_back(
        fmt::format("{} run{} (seeds) a row.", rows[0]->runs, rows[0]->runs == 1 ? "" : "s"));
  }
  if (!text) {
    add({"Acked docs", "", true, 0, false, {}},
        [](R r, S) { return std::to_string(r.acked_docs); });
    add({"Loss at cutover [95 % CI]", "", true, 0, false, {}},
        [](R r, S) { return FormatRatePercent(r.lost_at_cutover, r.acked_docs_at_cutover); });
    add({"Loss at end, pooled [95 % CI]", "", true, 0, false, {}},
        [](R r, S) { return FormatRatePercent(r.lost, r.acked_docs); });
    add({"Runs with loss at end [95 % CI]", "", true, 0, false, {}},
        [](R, S s) { return FormatRunsWithLoss(s); });
    add({"Loss at end per run: mean [95 % CI over seeds]; min, median, max",
         "",
         true,
         0,
         false,
         {}},
        [](R, S s) { return FormatPerRunLoss(s); });
    add({"Divergent", "", true, 0, false, {}}, [](R r, S) { return std::to_string(r.divergent); });
    add({"Resurrected", "", true, 0, false, {}},
        [](R r, S) { return std::to_string(r.resurrected); });
    add({"Destroyed puts [95 % CI]", "", true, 0, false, {}},
        [](R r, S) { return FormatRatePercent(r.destroyed, r.acked_puts); });
    add({"Unreadable after an ack", "", false, 0, false, {}},
        [](R r, S) { return FormatExposure(r); });
    add({"Causes at end", "", false, 0, false, {}},
        [](R r, S) { return model::CausesText(r.causes, "none"); });
    add({"Outcomes", "", false, 0, false, {}}, [](R r, S) { return FormatOutcomes(r); });
    return;
  }
  add({"", "Lost", true, 95, false, {}},
      [](R, S s) { return fmt::format("{}/{}", s.runs_with_loss, s.runs); });
  add({"", "Loss/run % [95% CI]", true, Column::kKeepAlways, false, {}},
      [](R, S s) { return MeanCell(s); });
  add({"", "Max %", true, 70, false, {}},
      [](R, S s) { return s.rated ? FormatPercent(s.max) : "n/a"; });
  add({"", "Median %", true, 40, false, {}},
      [](R, S s) { return s.rated ? FormatPercent(s.median) : "n/a"; });
  add({"", "Cutover %", true, 30, false, {}},
      [](R r, S) { return PooledPercent(r.lost_at_cutover, r.acked_docs_at_cutover); });
  add({"", "Destroyed %", true, 20, false, {}},
      [](R r, S) { return PooledPercent(r.destroyed, r.acked_puts); });
  add({"", "Causes", false, 10, false, {}},
      [](R r, S) { return model::CausesText(r.causes, "-"); });
  add({"", "Incomplete", false, 96, false, {}}, [](R r, S) { return Incomplete(r); });
  laid.notes.push_back(
      "Loss/run: the mean of the runs' loss at the end, % of acked documents, with a 95 % "
      "bootstrap interval over seeds; Lost: the runs that lost any, of all; Incomplete: runs "
      "that did not complete.");
}

// A pivoted row's key: every setting that differs but the pivot, and the
// scenario unless `by_scenario` is false.
std::string PivotKey(const TableRow& row, const std::vector<std::string>& paths, bool by_scenario) {
  std::string key = by_scenario ? row.scenario : "";
  for (const std::string& path : paths) key += "\x1f" + SettingOf(row, path);
  return key;
}

Laid Pivoted(const std::vector<const TableRow*>& rows, const TableLayout& layout, bool text) {
  const std::string& pivot = *layout.pivot;
  std::vector<std::string> paths = VaryingSettings(rows);
  std::erase(paths, pivot);
  // The scenario goes with the fault mix (and is the pivot itself): a row is
  // named without it, unless two scenarios would then share a cell.
  bool by_scenario = pivot != "scenario" && pivot != "fault_mix";
  std::set<std::pair<std::string, std::string>> taken;
  for (const TableRow* row : rows) {
    by_scenario =
        by_scenario || !taken.insert({PivotKey(*row, paths, false), SettingOf(*row, pivot)}).second;
  }
  if (pivot == "scenario") by_scenario = false;
  std::vector<std::string> values;    // across, in order of appearance
  std::vector<const TableRow*> keys;  // down: the first row of each key
  std::map<std::pair<std::string, std::string>, const TableRow*> cells;
  std::set<std::string> seen_keys;
  for (const TableRow* row : rows) {
    const std::string key = PivotKey(*row, paths, by_scenario);
    if (seen_keys.insert(key).second) keys.push_back(row);
    const std::string value = SettingOf(*row, pivot);
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
    cells[{key, value}] = row;
  }
  Laid laid;
  AddNameColumns(keys, paths, text, layout, {.scenario = by_scenario, .fault_mix = false}, laid);
  std::vector<std::string> lettered;  // lower case: upper case letters name settings' values
  for (const std::string& value : values) {
    std::string name = value.empty() ? "(unset)" : value;
    if (text && DisplayWidth(name) > kLongValue) {
      std::string letters = Letters(lettered.size());
      std::transform(letters.begin(), letters.end(), letters.begin(),
                     [](char c) { return static_cast<char>(c - 'A' + 'a'); });
      lettered.push_back(fmt::format("{} = {}", letters, name));
      name = letters;
    }
    Column column{MarkdownCell(name), name, true, Column::kKeepAlways, false, {}};
    for (const TableRow* key_row : keys) {
      const auto found = cells.find({PivotKey(*key_row, paths, by_scenario), value});
      if (found == cells.end()) {
        column.cells.push_back("");
        continue;
      }
      const std::string cell = MeanCell(SummarizeRuns(found->second->end_runs));
      column.cells.push_back(text || cell == "n/a" ? cell : cell + " %");
    }
    laid.columns.push_back(std::move(column));
  }
  laid.notes.push_back(fmt::format(
      "Across: {}{}{}. Cells: the mean of the runs' loss at the end, % of acked documents, "
      "[95 % bootstrap interval over seeds].",
      pivot, lettered.empty() ? "" : "; ", fmt::join(lettered, "; ")));
  return laid;
}

std::string Render(const std::vector<const TableRow*>& rows, const TableLayout& layout, bool text) {
  Laid laid;
  if (layout.pivot) {
    laid = Pivoted(rows, layout, text);
  } else {
    AddNameColumns(rows, VaryingSettings(rows), text, layout, {}, laid);
    AddFigureColumns(rows, text, laid);
    if (!text) laid.notes.clear();  // markdown's reader has the report's header
  }
  return text ? table_cells::RenderText(std::move(laid), layout.width, layout.notes)
              : table_cells::RenderMarkdown(laid);
}

std::string FormatLaidOut(const std::vector<TableRow>& rows, const TableLayout& layout, bool text) {
  // Groups in the order of their first row; each a table of its own.
  std::vector<std::string> titles;
  std::map<std::string, std::vector<const TableRow*>> groups;
  for (const TableRow& row : rows) {
    std::vector<std::string> parts;
    for (const std::string& path : layout.group_by) {
      const std::string value = SettingOf(row, path);
      parts.push_back(fmt::format("{}={}", SettingHeader(path), value.empty() ? "(unset)" : value));
    }
    const std::string title = fmt::format("{}", fmt::join(parts, ", "));
    auto& group = groups[title];
    if (group.empty()) titles.push_back(title);
    group.push_back(&row);
  }
  std::string out;
  for (const std::string& title : titles) {
    if (!layout.group_by.empty()) {
      out += out.empty() ? "" : "\n";
      out += text ? Wrap(title, layout.width) + "\n" : "### " + MarkdownCell(title) + "\n\n";
    }
    out += Render(groups[title], layout, text);
  }
  return out;
}

}  // namespace

std::vector<std::string> OffTheMostOften(const std::vector<TableRow>& rows,
                                         const std::vector<std::string>& except) {
  std::vector<const TableRow*> pointers;
  for (const TableRow& row : rows) pointers.push_back(&row);
  std::vector<std::string> labels(rows.size());
  for (const std::string& path : VaryingSettings(rows)) {
    if (std::find(except.begin(), except.end(), path) != except.end()) continue;
    const std::string common = MostCommon(pointers, path);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::string value = SettingOf(rows[i], path);
      if (value == common) continue;
      labels[i] += fmt::format("{}{}={}", labels[i].empty() ? "" : ", ", SettingHeader(path),
                               value.empty() ? "(unset)" : value);  // as its scenario has it
    }
  }
  return labels;
}

std::optional<std::string> CheckLayout(const std::vector<TableRow>& rows,
                                       const TableLayout& layout) {
  std::set<std::string> known = {"scenario", "fault_mix"};
  for (const TableRow& row : rows) {
    for (const auto& [path, value] : row.params.items()) known.insert(path);
    for (const auto& [path, value] : row.knobs) known.insert(path);
  }
  std::vector<std::string> named = layout.group_by;
  if (layout.pivot) named.push_back(*layout.pivot);
  for (const std::string& name : named) {
    if (!known.contains(name)) {
      return fmt::format(
          "\"{}\" is no setting of these records: scenario, fault_mix, a knob "
          "(migrations.0.drain_settle) or an override path",
          name);
    }
  }
  if (layout.pivot && std::count(named.begin(), named.end(), *layout.pivot) > 1) {
    return fmt::format("\"{}\" cannot go both across (--pivot) and into groups", *layout.pivot);
  }
  return std::nullopt;
}

std::string FormatMarkdown(const std::vector<TableRow>& rows, const TableLayout& layout) {
  return FormatLaidOut(rows, layout, false);
}

std::string FormatText(const std::vector<TableRow>& rows, const TableLayout& layout) {
  return FormatLaidOut(rows, layout, true);
}

}  // namespace tools
