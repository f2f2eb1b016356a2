// tools/report/table_cells.h
//
// The laid-out table's cells and how they are rendered: a column of cells
// with its headers, the notes said once under it, and markdown or terminal
// text fitted to a width (table_render.cc). Used by table_layout.cc only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tools::table_cells {

// A column of the laid-out table.
struct Column {
  static constexpr int kKeepAlways = 100;

  std::string header;      // markdown: full words
  std::string brief;       // terminal text
  bool number = false;     // right-aligned
  int keep = kKeepAlways;  // terminal: when too wide, the lowest `keep` goes first
  bool shrinks = false;    // terminal: may be cut to fit, after every column that may go
  std::vector<std::string> cells;
};

// What a table says once rather than in every row: settings the same in
// every row, and what the short names stand for.
struct Laid {
  std::vector<std::string> notes;
  std::vector<Column> columns;
};

// Characters as a terminal shows them: UTF-8 code points.
std::size_t DisplayWidth(std::string_view text);

// A cell of a GitHub markdown table: a '|' would end the cell, a newline the row.
std::string MarkdownCell(std::string_view text);

// Words wrapped at `width`, each line after the first indented by two.
std::string Wrap(const std::string& text, std::size_t width);

// Every column, notes under the table as paragraphs.
std::string RenderMarkdown(const Laid& laid);

// Fitted to `width`: the columns least needed left out first (a note says
// which), then names cut, but never so far that two different names read
// the same; the notes wrapped under the table when `notes`.
std::string RenderText(Laid laid, std::size_t width, bool notes);

}  // namespace tools::table_cells
