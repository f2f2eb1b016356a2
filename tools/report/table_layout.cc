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

namespace tools {
namespace {

// A column of the laid-out table.
struct Column {
  std::string header;   // markdown: full words
  std::string brief;    // terminal text
  bool number = false;  // right-aligned
  int keep = kKeepAlways;  // terminal: when too wide, the lowest `keep` goes first
  bool shrinks = false;    // terminal: may be cut to fit, after every column that may go
  std::vector<std::string> cells;

  static constexpr int kKeepAlways = 100;
};

// What a table says once rather than in every row: settings the same in
// every row, and what the short names stand for.
struct Laid {
  std::vector<std::string> notes;
  std::vector<Column> columns;
};

// Characters as a terminal shows them: UTF-8 code points.
std::size_t DisplayWidth(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// `text` cut to `width` code points, the last one an ellipsis.
std::string Cut(const std::string& text, std::size_t width) {
  if (DisplayWidth(text) <= width) return text;
  std::string out;
  std::size_t points = 0;
  for (const char c : text) {
    if ((c & 0xC0) != 0x80 && ++points == width) break;
    out += c;
  }
  return out + "\u2026";
}

std::string Pad(const std::string& text, std::size_t width, bool right) {
  const std::string fill(width - std::min(width, DisplayWidth(text)), ' ');
  return right ? fill + text : text + fill;
}

// A cell of a GitHub markdown table: a '|' would end the cell, a newline the row.
std::string MarkdownCell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

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
  return *std::max_element(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    return count[a] < count[b];
  });
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
      if (value == common || value.empty()) continue;  // unset: as its scenario has it
      if (value == "true" || value == "false") {  // "ae", "!ae"
        parts[i].push_back((value == "true" ? "" : "!") + name);
        continue;
      }
      std::string shown = value;
      if (DisplayWidth(value) > kLongValue) {
        auto [at, fresh] = letters.try_emplace(value, std::string(1, 'A' + letters.size() % 26));
        if (fresh) lettered += fmt::format("; {} = {}", at->second, value);
        shown = at->second;
      }
      parts[i].push_back(fmt::format("{}={}", name, shown));
    }
    legend.push_back(fmt::format("{}{} (most often {}){}",
                                 name == path ? "" : name + " = ", SettingHeader(path),
                                 common.empty() ? "unset" : common, lettered));
  }
  Column column{"Settings", "Settings", false, Column::kKeepAlways, true, {}};
  for (const auto& row_parts : parts) {
    column.cells.push_back(row_parts.empty() ? "-" : fmt::format("{}", fmt::join(row_parts, ",")));
  }
  notes.push_back(fmt::format("Settings: those off their most often value (-: none; unset "
                              "ones are as the scenario has them; a flag as NAME when true, "
                              "!NAME when false); {}.",
                              fmt::join(legend, ", ")));
  return column;
}

bool Varies(const std::vector<const TableRow*>& rows, const std::string& path) {
  return std::any_of(rows.begin(), rows.end(), [&](const TableRow* row) {
    return SettingOf(*row, path) != SettingOf(*rows.front(), path);
  });
}

std::vector<std::string> Varying(const std::vector<const TableRow*>& rows) {
  std::vector<TableRow> copies;
  for (const TableRow* row : rows) copies.push_back(*row);
  return VaryingSettings(copies);
}

// The columns that name a row: the scenario, the settings and the fault mix
// that differ between `rows`, each as a column, or once in a note when it
// does not differ (terminal text) or always as a column (markdown).
void AddNameColumns(const std::vector<const TableRow*>& rows, const std::vector<std::string>& paths,
                    bool text, const TableLayout& layout, Laid& laid) {
  const auto titled = [&](std::string_view name) {  // said by the group's title already
    return std::find(layout.group_by.begin(), layout.group_by.end(), name) != layout.group_by.end();
  };
  const auto add = [&](Column column, const std::string& path) {
    for (const TableRow* row : rows) column.cells.push_back(SettingOf(*row, path));
    laid.columns.push_back(std::move(column));
  };
  if (!text || Varies(rows, "scenario")) {
    add({"Scenario", "Scenario", false, Column::kKeepAlways, true, {}}, "scenario");
  } else if (!titled("scenario")) {
    laid.notes.push_back(fmt::format("Scenario {}.", rows.front()->scenario));
  }
  if (text && !paths.empty()) {
    laid.columns.push_back(SettingsColumn(rows, paths, laid.notes));
  } else if (!text) {
    for (const std::string& path : paths) {
      add({MarkdownCell(SettingHeader(path)), "", false, Column::kKeepAlways, false, {}}, path);
    }
    if (paths.empty()) {
      add({"Configuration", "", false, Column::kKeepAlways, false, {}}, "configuration");
    }
  }
  if (!text || Varies(rows, "fault_mix")) {
    add({"Fault mix", "Faults", false, 90, true, {}}, "fault_mix");
  } else if (!rows.front()->fault_mix.empty() && !titled("fault_mix")) {
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
  TableRow others = row;
  others.outcomes[static_cast<std::size_t>(model::RunOutcome::kComplete)] = 0;
  const std::string text = FormatOutcomes(others);
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
  const bool same_runs = std::all_of(rows.begin(), rows.end(),
                                     [&](const TableRow* row) { return row->runs == rows[0]->runs; });
  if (!text || !same_runs) {
    add({"Runs", "Runs", true, 50, false, {}}, [](R r, S) { return std::to_string(r.runs); });
  } else {
    laid.notes.push_back(fmt::format("{} run{} (seeds) a row.", rows[0]->runs,
                                     rows[0]->runs == 1 ? "" : "s"));
  }
  if (!text) {
    add({"Acked docs", "", true, 0, false, {}}, [](R r, S) { return std::to_string(r.acked_docs); });
    add({"Loss at cutover [95 % CI]", "", true, 0, false, {}},
        [](R r, S) { return FormatRatePercent(r.lost_at_cutover, r.acked_docs_at_cutover); });
    add({"Loss at end, pooled [95 % CI]", "", true, 0, false, {}},
        [](R r, S) { return FormatRatePercent(r.lost, r.acked_docs); });
    add({"Runs with loss at end [95 % CI]", "", true, 0, false, {}},
        [](R, S s) { return FormatRunsWithLoss(s); });
    add({"Loss at end per run: mean [95 % CI over seeds]; min, median, max", "", true, 0, false,
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
  add({"", "Lost", true, 95, false, {}}, [](R, S s) {
    return fmt::format("{}/{}", s.runs_with_loss, s.runs);
  });
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

// The key of a pivoted row: every setting that differs but the pivot.
Laid Pivoted(const std::vector<const TableRow*>& rows, const std::string& pivot, bool text) {
  std::vector<std::string> paths = Varying(rows);
  std::erase(paths, pivot);
  const bool by_scenario = pivot != "scenario" && pivot != "fault_mix";
  std::vector<std::string> values;   // across, in order of appearance
  std::vector<const TableRow*> keys;  // down: the first row of each key
  std::map<std::pair<std::string, std::string>, const TableRow*> cells;
  std::map<std::string, std::size_t> key_index;
  for (const TableRow* row : rows) {
    std::string key = by_scenario ? row->scenario : "";
    for (const std::string& path : paths) key += "\x1f" + SettingOf(*row, path);
    if (key_index.try_emplace(key, keys.size()).second) keys.push_back(row);
    const std::string value = SettingOf(*row, pivot);
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
    cells[{key, value}] = row;
  }
  Laid laid;
  if (by_scenario && (!text || Varies(keys, "scenario"))) {
    Column column{"Scenario", "Scenario", false, Column::kKeepAlways, true, {}};
    for (const TableRow* row : keys) column.cells.push_back(row->scenario);
    laid.columns.push_back(std::move(column));
  } else if (by_scenario) {
    laid.notes.push_back(fmt::format("Scenario {}.", keys.front()->scenario));
  }
  if (text && !paths.empty()) {
    laid.columns.push_back(SettingsColumn(keys, paths, laid.notes));
  } else if (!text) {
    for (const std::string& path : paths) {
      Column column{MarkdownCell(SettingHeader(path)), "", false, Column::kKeepAlways, false, {}};
      for (const TableRow* row : keys) column.cells.push_back(SettingOf(*row, path));
      laid.columns.push_back(std::move(column));
    }
  }
  std::vector<std::string> lettered;
  for (std::size_t v = 0; v < values.size(); ++v) {
    std::string name = values[v].empty() ? "(unset)" : values[v];
    if (text && DisplayWidth(name) > kLongValue) {
      lettered.push_back(fmt::format("{} = {}", static_cast<char>('A' + v % 26), name));
      name = std::string(1, static_cast<char>('A' + v % 26));
    }
    Column column{MarkdownCell(name), name, true, Column::kKeepAlways, false, {}};
    for (const TableRow* key_row : keys) {
      std::string key = by_scenario ? key_row->scenario : "";
      for (const std::string& path : paths) key += "\x1f" + SettingOf(*key_row, path);
      const auto found = cells.find({key, values[v]});
      column.cells.push_back(found == cells.end()
                                 ? ""
                                 : MeanCell(SummarizeRuns(found->second->end_runs)) +
                                       (text ? "" : " %"));
    }
    laid.columns.push_back(std::move(column));
  }
  laid.notes.push_back(fmt::format(
      "Across: {}{}{}. Cells: the mean of the runs' loss at the end, % of acked documents, "
      "[95 % bootstrap interval over seeds].",
      pivot, lettered.empty() ? "" : "; ", fmt::join(lettered, "; ")));
  return laid;
}

// Drops columns, then cuts the widest cells, until a line fits `width`.
// Returns the names of the columns dropped.
std::vector<std::string> Fit(std::vector<Column>& columns, std::size_t width) {
  std::vector<std::string> dropped;
  constexpr std::size_t kGap = 2;
  const auto widths = [&]() {
    std::vector<std::size_t> w;
    for (const Column& c : columns) {
      std::size_t most = DisplayWidth(c.brief);
      for (const std::string& cell : c.cells) most = std::max(most, DisplayWidth(cell));
      w.push_back(most);
    }
    return w;
  };
  const auto total = [&](const std::vector<std::size_t>& w) {
    std::size_t sum = w.empty() ? 0 : kGap * (w.size() - 1);
    for (const std::size_t x : w) sum += x;
    return sum;
  };
  // Columns below `limit` go, the least needed first.
  const auto drop = [&](int limit) {
    while (total(widths()) > width) {
      auto lowest = std::min_element(columns.begin(), columns.end(), [](const auto& a, const auto& b) {
        return a.keep < b.keep;
      });
      if (lowest == columns.end() || lowest->keep >= limit) return;
      dropped.push_back(lowest->brief);
      columns.erase(lowest);
    }
  };
  // The widest column that may be cut is cut, down to `narrowest`.
  const auto cut = [&](std::size_t narrowest) {
    for (std::vector<std::size_t> w = widths(); total(w) > width; w = widths()) {
      std::size_t widest = columns.size();
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].shrinks && w[i] > narrowest &&
            (widest == columns.size() || w[i] > w[widest]))
          widest = i;
      }
      if (widest == columns.size()) return;
      const std::size_t to =
          std::max(narrowest, w[widest] - std::min(w[widest], total(w) - width));
      for (std::string& cell : columns[widest].cells) cell = Cut(cell, to);
      columns[widest].brief = Cut(columns[widest].brief, to);
    }
  };
  drop(Column::kKeepAlways);
  cut(8);  // and if that is not enough, the line stays long: nothing else can go
  return dropped;
}

// Words wrapped at `width`, each line indented by `indent` after the first.
std::string Wrap(const std::string& text, std::size_t width) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t space = text.find(' ', start);
    const std::string word =
        text.substr(start, space == std::string::npos ? std::string::npos : space - start);
    start = space == std::string::npos ? text.size() : space + 1;
    if (!line.empty() && DisplayWidth(line) + 1 + DisplayWidth(word) > width) {
      out += line + "\n";
      line = "  ";
    }
    line += (line.empty() || line == "  " ? "" : " ") + word;
  }
  return out + line + "\n";
}

std::string RenderText(Laid laid, std::size_t width, bool notes) {
  const std::vector<std::string> dropped = Fit(laid.columns, width);
  if (!dropped.empty()) {
    laid.notes.push_back(fmt::format("Left out to fit {} columns: {} (--width, or --format md).",
                                     width, fmt::join(dropped, ", ")));
  }
  std::vector<std::size_t> w;
  for (const Column& c : laid.columns) {
    std::size_t most = DisplayWidth(c.brief);
    for (const std::string& cell : c.cells) most = std::max(most, DisplayWidth(cell));
    w.push_back(most);
  }
  const auto line = [&](const auto& cell_of) {
    std::string out;
    for (std::size_t i = 0; i < laid.columns.size(); ++i) {
      out += (i ? "  " : "") + Pad(cell_of(laid.columns[i]), w[i], laid.columns[i].number);
    }
    while (out.ends_with(' ')) out.pop_back();
    return out + "\n";
  };
  std::string out = line([](const Column& c) { return c.brief; });
  const std::size_t rows = laid.columns.empty() ? 0 : laid.columns[0].cells.size();
  for (std::size_t r = 0; r < rows; ++r) out += line([&](const Column& c) { return c.cells[r]; });
  if (notes) {
    for (const std::string& note : laid.notes) out += Wrap(note, width);
  }
  return out;
}

std::string RenderMarkdown(const Laid& laid) {
  std::string header = "|";
  std::string rule = "|";
  for (const Column& c : laid.columns) {
    header += " " + c.header + " |";
    rule += c.number ? " ---: |" : " --- |";
  }
  std::string out = header + "\n" + rule + "\n";
  const std::size_t rows = laid.columns.empty() ? 0 : laid.columns[0].cells.size();
  for (std::size_t r = 0; r < rows; ++r) {
    out += "|";
    for (const Column& c : laid.columns) out += " " + MarkdownCell(c.cells[r]) + " |";
    out += "\n";
  }
  for (const std::string& note : laid.notes) out += "\n" + note + "\n";
  return out;
}

std::string Render(const std::vector<const TableRow*>& rows, const TableLayout& layout, bool text) {
  Laid laid;
  if (layout.pivot) {
    laid = Pivoted(rows, *layout.pivot, text);
  } else {
    AddNameColumns(rows, Varying(rows), text, layout, laid);
    AddFigureColumns(rows, text, laid);
    if (!text) laid.notes.clear();  // markdown's reader has the report's header
  }
  return text ? RenderText(std::move(laid), layout.width, layout.notes) : RenderMarkdown(laid);
}


std::string FormatLaidOut(const std::vector<TableRow>& rows, const TableLayout& layout, bool text) {
  // Groups in the order of their first row; each a table of its own.
  std::vector<std::string> titles;
  std::map<std::string, std::vector<const TableRow*>> groups;
  for (const TableRow& row : rows) {
    std::vector<std::string> parts;
    for (const std::string& path : layout.group_by) {
      parts.push_back(fmt::format("{}={}", SettingHeader(path), SettingOf(row, path)));
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
      if (value == common || value.empty()) continue;  // unset: as its scenario has it
      labels[i] += fmt::format("{}{}={}", labels[i].empty() ? "" : ", ", SettingHeader(path), value);
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
      return fmt::format("\"{}\" is no setting of these records: scenario, fault_mix, a knob "
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
