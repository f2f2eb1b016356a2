// `cutover-sim table`: the loss-rate table of sweep records (tools/report/table.h).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>

#include "sim/check.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/output_file.h"
#include "tools/report/table.h"

namespace tools {
namespace {

namespace po = boost::program_options;

// The terminal's width when stdout is one, else $COLUMNS, else 80.
std::size_t TerminalWidth() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    return size.ws_col;
  }
  if (const char* columns = std::getenv("COLUMNS")) {
    const std::optional<std::uint64_t> width = ParseUnsigned(columns);
    if (width && *width > 0 && *width <= 10000) return *width;
  }
  return 80;
}

// The names of --group-by A,B --group-by C, each once, in order.
std::vector<std::string> SplitNames(const std::vector<std::string>& values) {
  std::vector<std::string> names;
  for (const std::string& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const std::size_t comma = std::min(value.find(',', start), value.size());
      const std::string name = value.substr(start, comma - start);
      if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
      }
      start = comma + 1;
    }
  }
  return names;
}

std::string Render(TableFormat format, const std::vector<TableRow>& rows, const TableLayout& layout,
                   const std::vector<bool>& headline) {
  switch (format) {
    case TableFormat::kMarkdown:
      return FormatMarkdown(rows, layout);
    case TableFormat::kText:
      return FormatText(rows, layout);
    case TableFormat::kCsv:
      return FormatCsv(rows);
    case TableFormat::kJson:
      return FormatJson(rows);
    case TableFormat::kHtml:
      return FormatHtml(rows, headline);
  }
  SIM_UNREACHABLE("table format {}", static_cast<int>(format));
}

// --group-by, --pivot, --width and --no-notes, or why they do not go with --format.
sim::Result<TableLayout, std::string> LayoutOf(const po::variables_map& vm, TableFormat format) {
  TableLayout layout;
  if (vm.count("group-by")) {
    layout.group_by = SplitNames(vm["group-by"].as<std::vector<std::string>>());
  }
  if (vm.count("pivot")) layout.pivot = vm["pivot"].as<std::string>();
  layout.width = vm.count("width") ? vm["width"].as<Unsigned>().value
                                   : std::max<std::size_t>(TerminalWidth(), 40);
  layout.notes = !vm.count("no-notes");
  const bool laid_out = !layout.group_by.empty() || layout.pivot.has_value();
  if (laid_out && format != TableFormat::kMarkdown && format != TableFormat::kText) {
    return sim::Err(std::string("--group-by and --pivot lay out md and text only"));
  }
  if (format == TableFormat::kText && layout.width < 40) {
    return sim::Err(
        fmt::format("--width {} is too narrow for a table (40 at least)", layout.width));
  }
  return layout;
}

// Which of `rows` the records of `file` make: the same scenario and the same
// params, whatever their order in the file.
sim::Result<std::vector<bool>, std::string> HeadlineRows(const std::string& file,
                                                         const std::vector<TableRow>& rows) {
  TableReader reader;
  const auto added = reader.AddFile(file);
  if (!added.has_value()) return sim::Err(added.error());
  // The key the reader groups rows by, which does not depend on the params' order.
  const auto key = [](const TableRow& row) {
    Params params;
    for (const auto& [path, value] : row.params.items())
      params.emplace_back(path, ParamText(value));
    return RunKeyPrefix(row.scenario, params);
  };
  std::set<std::string> firsts;
  for (const TableRow& first : reader.Rows()) firsts.insert(key(first));
  std::vector<bool> marked;
  for (const TableRow& row : rows) marked.push_back(firsts.contains(key(row)));
  return marked;
}

}  // namespace

int TableCommand(const Args& args) {
  po::options_description options(
      "cutover-sim table RESULTS.jsonl... [--format md|text|csv|json|html] [--out FILE]\n"
      "                  [--group-by SETTING,...] [--pivot SETTING] [--width N]\n\n"
      "Groups result records (from `sweep`, or `run --json`) by scenario and\n"
      "parameter set and prints one row per group: the configuration in words,\n"
      "runs (seeds), acked documents, loss at cutover and at the end as rates with\n"
      "95 % Wilson score intervals, divergent and resurrected documents, and\n"
      "outcomes. Rows are sorted by scenario, then by parameters. A last line\n"
      "without a newline (an interrupted sweep) is skipped with a warning.\n\n"
      "options");
  options.add_options()("help,h", "this help")("results", po::value<std::vector<std::string>>(),
                                               "result files, one JSON record per line")(
      "format", po::value<std::string>()->default_value("md"),
      "md (GitHub markdown, every column in full words), text (for a terminal: the settings "
      "that differ in one column, fitted to --width), csv (counts and fractions, with a "
      "header), json (an array of rows), or html (one self-contained page with pictures)")(
      "group-by", po::value<std::vector<std::string>>(),
      "md and text: one table per value of these settings (comma-separated: a knob such as "
      "migrations.0.drain_settle, an override path, scenario or fault_mix)")(
      "pivot", po::value<std::string>(),
      "md and text: this setting's values across the columns, each cell the per-run loss at "
      "the end with its interval (e.g. --pivot fault_mix)")(
      "width", po::value<Unsigned>(),
      "text: the line width to fit (default: the terminal's, else $COLUMNS, else 80)")(
      "headline", po::value<std::string>(),
      "html: records (a subset of the results, such as tools/headline picks) whose rows are "
      "drawn first, as dot and interval")(
      "no-notes",
      "text: leave out the lines under the table that say what its short names "
      "stand for")("out", po::value<std::string>(),
                   "write the table to FILE, whole or not at all (default: stdout)");
  po::positional_options_description positional;
  positional.add("results", -1);
  const auto parsed = ParseCommandLine(args, options, positional);
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("results")) {
    fmt::print(stderr, "cutover-sim table: at least one results file is required (see --help)\n");
    return kExitUsage;
  }
  const std::optional<TableFormat> format = ParseTableFormat(vm["format"].as<std::string>());
  if (!format) {
    fmt::print(stderr,
               "cutover-sim table: --format must be md, text, csv, json or html, not \"{}\"\n",
               vm["format"].as<std::string>());
    return kExitUsage;
  }

  const auto layout = LayoutOf(vm, *format);
  if (!layout.has_value()) {
    fmt::print(stderr, "cutover-sim table: {}\n", layout.error());
    return kExitUsage;
  }

  const auto& files = vm["results"].as<std::vector<std::string>>();
  if (vm.count("headline") && *format != TableFormat::kHtml) {
    fmt::print(stderr, "cutover-sim table: --headline draws in --format html only\n");
    return kExitUsage;
  }
  if (vm.count("out")) {
    std::vector<std::string> inputs = files;
    if (vm.count("headline")) inputs.push_back(vm["headline"].as<std::string>());
    if (const auto clash = OutputClash(inputs, {{"--out", vm["out"].as<std::string>()}})) {
      fmt::print(stderr, "cutover-sim table: {}\n", *clash);
      return kExitUsage;
    }
  }
  TableReader reader;
  for (const std::string& file : files) {
    const auto added = reader.AddFile(file);
    if (!added.has_value()) {  // one line: the warnings so far are moot
      fmt::print(stderr, "{}\n", added.error());
      return kExitUsage;
    }
  }
  if (reader.records() == 0) {
    for (const std::string& warning : reader.warnings()) fmt::print(stderr, "{}\n", warning);
    fmt::print(stderr, "cutover-sim table: no result records in {}\n", fmt::join(files, ", "));
    return kExitUsage;
  }
  std::vector<TableRow> rows = reader.Rows();
  if (const auto wrong = CheckLayout(rows, layout.value())) {  // one line: no warnings before it
    fmt::print(stderr, "cutover-sim table: {}\n", *wrong);
    return kExitUsage;
  }
  for (const std::string& warning : reader.warnings()) fmt::print(stderr, "{}\n", warning);
  for (const std::string& warning : DescribeRows(rows)) {
    fmt::print(stderr, "cutover-sim table: {}\n", warning);
  }
  std::vector<bool> headline;
  if (vm.count("headline")) {
    const auto marked = HeadlineRows(vm["headline"].as<std::string>(), rows);
    if (!marked.has_value()) {
      fmt::print(stderr, "{}\n", marked.error());
      return kExitUsage;
    }
    headline = marked.value();
  }
  const std::string text = Render(*format, rows, layout.value(), headline);
  if (!vm.count("out")) {
    fmt::print("{}", text);
    return kExitOk;
  }
  OutputFile out(vm["out"].as<std::string>());
  out.Write(text);
  if (!out.Commit()) {
    fmt::print(stderr, "{}\n", out.error());
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace tools
