// `cutover-sim table`: the loss-rate table of sweep records (tools/report/table.h).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "sim/check.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/output_file.h"
#include "tools/report/table.h"

namespace tools {
namespace {

namespace po = boost::program_options;

std::string Render(TableFormat format, const std::vector<TableRow>& rows) {
  switch (format) {
    case TableFormat::kMarkdown:
      return FormatMarkdown(rows);
    case TableFormat::kCsv:
      return FormatCsv(rows);
    case TableFormat::kJson:
      return FormatJson(rows);
    case TableFormat::kHtml:
      return FormatHtml(rows);
  }
  SIM_UNREACHABLE("table format {}", static_cast<int>(format));
}

}  // namespace

int TableCommand(const Args& args) {
  po::options_description options(
      "cutover-sim table RESULTS.jsonl... [--format md|csv|json|html] [--out FILE]\n\n"
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
      "md (GitHub markdown), csv (counts and fractions, with a header), json (an array of "
      "rows), or html (one self-contained page with a plot)")(
      "out", po::value<std::string>(),
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
    fmt::print(stderr, "cutover-sim table: --format must be md, csv, json or html, not \"{}\"\n",
               vm["format"].as<std::string>());
    return kExitUsage;
  }

  const auto& files = vm["results"].as<std::vector<std::string>>();
  if (vm.count("out")) {
    if (const auto clash = OutputClash(files, {{"--out", vm["out"].as<std::string>()}})) {
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
  for (const std::string& warning : reader.warnings()) fmt::print(stderr, "{}\n", warning);
  if (reader.records() == 0) {
    fmt::print(stderr, "cutover-sim table: no result records in {}\n", fmt::join(files, ", "));
    return kExitUsage;
  }

  std::vector<TableRow> rows = reader.Rows();
  for (const std::string& warning : DescribeRows(rows)) {
    fmt::print(stderr, "cutover-sim table: {}\n", warning);
  }
  const std::string text = Render(*format, rows);
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
