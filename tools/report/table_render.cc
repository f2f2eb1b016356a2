// The laid-out table rendered (tools/report/table_cells.h): markdown as it
// is, terminal text fitted to a width.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "tools/report/table_cells.h"

namespace tools::table_cells {
namespace {

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

// How many different cells `cells` has once cut to `width`.
std::size_t Distinct(const std::vector<std::string>& cells, std::size_t width) {
  std::set<std::string> seen;
  for (const std::string& cell : cells) seen.insert(Cut(cell, width));
  return seen.size();
}

// What fitting a table to a width gave up: the columns left out, and the
// columns that could not be cut as far as the width asked.
struct Fitted {
  std::vector<std::string> dropped;
  std::vector<std::string> uncut;
};

constexpr std::size_t kGap = 2;        // spaces between columns
constexpr std::size_t kNarrowest = 8;  // no column is cut narrower

// Each column's width: its widest cell or header.
std::vector<std::size_t> Widths(const std::vector<Column>& columns) {
  std::vector<std::size_t> widths;
  for (const Column& c : columns) {
    std::size_t most = DisplayWidth(c.brief);
    for (const std::string& cell : c.cells) most = std::max(most, DisplayWidth(cell));
    widths.push_back(most);
  }
  return widths;
}

// A line's width with these columns.
std::size_t LineWidth(const std::vector<std::size_t>& widths) {
  std::size_t sum = widths.empty() ? 0 : kGap * (widths.size() - 1);
  for (const std::size_t w : widths) sum += w;
  return sum;
}

// Until a line fits `width`: drops the columns that may go, the least needed
// first; then cuts the widest column that may be cut, down to kNarrowest, but
// never so far that two different cells would read the same (then only as
// far as they still differ, and it is cut no more). If that is not enough,
// the line stays long: nothing else can go.
Fitted Fit(std::vector<Column>& columns, std::size_t width) {
  Fitted fitted;
  while (LineWidth(Widths(columns)) > width) {
    const auto least =
        std::min_element(columns.begin(), columns.end(),
                         [](const auto& a, const auto& b) { return a.keep < b.keep; });
    if (least == columns.end() || least->keep >= Column::kKeepAlways) break;
    fitted.dropped.push_back(least->brief);
    columns.erase(least);
  }
  for (std::vector<std::size_t> w = Widths(columns); LineWidth(w) > width; w = Widths(columns)) {
    std::size_t widest = columns.size();
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].shrinks && w[i] > kNarrowest && (widest == columns.size() || w[i] > w[widest]))
        widest = i;
    }
    if (widest == columns.size()) break;
    Column& column = columns[widest];
    const std::size_t asked =
        std::max(kNarrowest, w[widest] - std::min(w[widest], LineWidth(w) - width));
    const std::size_t distinct = Distinct(column.cells, w[widest]);
    std::size_t to = asked;
    while (to < w[widest] && Distinct(column.cells, to) < distinct) ++to;
    if (to > asked) {
      column.shrinks = false;
      fitted.uncut.push_back(column.brief);
    }
    for (std::string& cell : column.cells) cell = Cut(cell, to);
    column.brief = Cut(column.brief, to);
  }
  return fitted;
}

}  // namespace

// Characters as a terminal shows them: UTF-8 code points.
std::size_t DisplayWidth(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
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

// Words wrapped at `width`, each line after the first indented by two.
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

std::string RenderText(Laid laid, std::size_t width, bool notes) {
  const Fitted fitted = Fit(laid.columns, width);
  if (!fitted.dropped.empty()) {
    laid.notes.push_back(fmt::format("Left out to fit {} columns: {} (--width, or --format md).",
                                     width, fmt::join(fitted.dropped, ", ")));
  }
  if (!fitted.uncut.empty()) {
    laid.notes.push_back(fmt::format(
        "Wider than {} columns: {} cannot be cut further without two rows reading the same "
        "(--group-by puts what they share in a title).",
        width, fmt::join(fitted.uncut, ", ")));
  }
  const std::vector<std::size_t> w = Widths(laid.columns);
  const auto line = [&](const auto& cell_of) {
    std::string out;
    for (std::size_t i = 0; i < laid.columns.size(); ++i) {
      out += std::string(i ? kGap : 0, ' ') +
             Pad(cell_of(laid.columns[i]), w[i], laid.columns[i].number);
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

}  // namespace tools::table_cells
