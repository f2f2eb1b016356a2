// Reading result records back and summing them into rows of the loss-rate
// table; the Wilson interval of a row's rates.
#include "tools/report/table.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "sim/check.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;

// A bound on what one table reads; past it the input is a mistake, not a sweep.
constexpr std::uint64_t kTableRecordsMax = 10'000'000;

std::string Where(const RecordPlace& place) {
  return fmt::format("{}:{}", place.file, place.line);
}

// The record's params as sorted (path, text) pairs: the same parameter set
// whatever order its keys were written in, and "true" the same as true.
std::vector<std::pair<std::string, std::string>> CanonicalParams(const Json& params) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [path, value] : params.items()) pairs.emplace_back(path, ParamText(value));
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

std::optional<double> AsNumber(const std::string& text) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Parameter values compare as numbers when both are numbers, so 10 sorts
// after 9; otherwise as text ("false" before "true").
bool ValueLess(const std::string& a, const std::string& b) {
  const std::optional<double> x = AsNumber(a);
  const std::optional<double> y = AsNumber(b);
  if (x && y && *x != *y) return *x < *y;
  return a < b;
}

bool ParamsLess(const Json& a, const Json& b) {
  const auto x = CanonicalParams(a);
  const auto y = CanonicalParams(b);
  const std::size_t n = std::min(x.size(), y.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (x[i].first != y[i].first) return x[i].first < y[i].first;
    if (x[i].second != y[i].second) return ValueLess(x[i].second, y[i].second);
  }
  return x.size() < y.size();
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// The counts a row sums, as named in the record.
struct SummedCount {
  const char* name;
  std::uint64_t TableRow::*member;
};
constexpr SummedCount kRecordCounts[] = {
    {"acked_docs", &TableRow::acked_docs},
    {"lost", &TableRow::lost},
    {"acked_docs_at_cutover", &TableRow::acked_docs_at_cutover},
    {"lost_at_cutover", &TableRow::lost_at_cutover},
    {"divergent", &TableRow::divergent},
    {"resurrected", &TableRow::resurrected},
    {"acked_puts", &TableRow::acked_puts},
    {"destroyed", &TableRow::destroyed},
    {"exposure.temporary", &TableRow::exposed_temporary},
    {"exposure.permanent", &TableRow::exposed_permanent},
};

// One record as a run of a row: runs == 1, one outcome counted.
TableRow RunOf(const Record& record) {
  const model::RunResult& r = record.result;
  TableRow run;
  run.scenario = r.scenario;
  run.file = record.context.file;
  run.configuration = record.context.configuration;
  run.fault_mix = record.context.fault_mix;
  run.params = nlohmann::ordered_json::object();
  for (const auto& [path, value] : record.context.params) run.params[path] = value;
  run.runs = 1;
  run.acked_docs = r.at_end.acked_docs;
  run.lost = r.at_end.lost;
  run.acked_docs_at_cutover = r.at_cutover.acked_docs;
  run.lost_at_cutover = r.at_cutover.lost;
  run.divergent = r.at_end.divergent;
  run.resurrected = r.at_end.resurrected;
  run.acked_puts = r.destroyed.acked_puts;
  run.destroyed = r.destroyed.destroyed;
  run.exposed_temporary = r.exposure.temporary;
  run.exposed_permanent = r.exposure.permanent;
  run.missing_doc_s = r.exposure.missing_doc_seconds;
  run.longest_gap_s = r.exposure.longest_gap_s;
  ++run.outcomes[static_cast<std::size_t>(r.outcome)];
  run.causes = r.causes;
  run.knobs = record.context.knobs;
  run.end_runs = {RunLoss{r.at_end.lost, r.at_end.acked_docs, r.seed}};
  for (const RecordVerdict& verdict : record.context.verdicts) {
    if (!verdict.held) run.expect_missed = 1;
  }
  return run;
}

// Adds one run's counts to `row`, or leaves it as it was if a sum would overflow.
sim::Result<sim::Ok, std::string> AddRun(TableRow& row, const TableRow& run) {
  for (const SummedCount& field : kRecordCounts) {
    std::uint64_t sum = 0;
    if (__builtin_add_overflow(row.*field.member, run.*field.member, &sum)) {
      return sim::Err(fmt::format("the sum of \"{}\" over the runs overflows", field.name));
    }
  }
  for (std::size_t c = 0; c < row.causes.size(); ++c) {
    std::uint64_t sum = 0;
    if (__builtin_add_overflow(row.causes[c], run.causes[c], &sum)) {
      return sim::Err(fmt::format("the sum of \"causes.{}\" over the runs overflows",
                                  model::LossCauseName(static_cast<model::LossCause>(c))));
    }
  }
  for (std::size_t c = 0; c < row.causes.size(); ++c) row.causes[c] += run.causes[c];
  row.expect_missed += run.expect_missed;  // at most runs
  row.end_runs.insert(row.end_runs.end(), run.end_runs.begin(), run.end_runs.end());
  for (const SummedCount& field : kRecordCounts) row.*field.member += run.*field.member;
  row.missing_doc_s += run.missing_doc_s;
  row.longest_gap_s = std::max(row.longest_gap_s, run.longest_gap_s);
  row.runs += run.runs;  // at most kTableRecordsMax
  for (std::size_t i = 0; i < row.outcomes.size(); ++i) row.outcomes[i] += run.outcomes[i];
  return sim::Ok{};
}

}  // namespace

std::string SettingOf(const TableRow& row, const std::string& path) {
  if (path == "scenario") return row.scenario;
  if (path == "fault_mix") return row.fault_mix;
  if (path == "configuration") return row.configuration;
  if (row.params.is_object() && row.params.contains(path)) return ParamText(row.params[path]);
  for (const auto& [knob, value] : row.knobs) {
    if (knob == path) return value;
  }
  return "";
}

std::vector<std::string> VaryingSettings(const std::vector<const TableRow*>& rows) {
  std::vector<std::string> paths;
  std::set<std::string> seen;
  const auto add = [&](const std::string& path) {
    if (seen.insert(path).second) paths.push_back(path);
  };
  for (const TableRow* row : rows) {
    if (row->params.is_object()) {
      for (const auto& [path, value] : row->params.items()) add(path);
    }
    for (const auto& [path, value] : row->knobs) add(path);
  }
  std::erase_if(paths, [&](const std::string& path) {
    for (const TableRow* row : rows) {
      if (SettingOf(*row, path) != SettingOf(*rows.front(), path)) return false;
    }
    return true;
  });
  return paths;
}

std::vector<std::string> VaryingSettings(const std::vector<TableRow>& rows) {
  return VaryingSettings(RowPointers(rows));
}

std::vector<const TableRow*> RowPointers(const std::vector<TableRow>& rows) {
  std::vector<const TableRow*> pointers;
  for (const TableRow& row : rows) pointers.push_back(&row);
  return pointers;
}

std::string ParamText(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

sim::Result<sim::Ok, std::string> TableReader::AddFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return sim::Err(fmt::format("{}: is a directory, not a results file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return sim::Err(fmt::format("{}: cannot open the file", path));
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    const RecordPlace place{path, number};
    if (in.eof()) {  // getline met the end of the file before a '\n'
      SkipCutOffLine(line, place);
      break;
    }
    auto added = AddRecord(line, place);
    if (!added.has_value()) return added;
  }
  if (in.bad()) return sim::Err(fmt::format("{}: cannot read the file", path));
  return sim::Ok{};
}

sim::Result<sim::Ok, std::string> TableReader::AddText(std::string_view text,
                                                       const std::string& label) {
  for (std::uint64_t number = 1; !text.empty(); ++number) {
    const RecordPlace place{label, number};
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      SkipCutOffLine(text, place);
      break;
    }
    auto added = AddRecord(text.substr(0, end), place);
    if (!added.has_value()) return added;
    text.remove_prefix(end + 1);
  }
  return sim::Ok{};
}

void TableReader::SkipCutOffLine(std::string_view line, const RecordPlace& place) {
  if (IsBlank(line)) return;
  warnings_.push_back(fmt::format(
      "{}: warning: skipped the last line, which has no newline at its end (cut off by an "
      "interrupted sweep?)",
      Where(place)));
}

sim::Result<sim::Ok, std::string> TableReader::AddRecord(std::string_view line,
                                                         const RecordPlace& place) {
  if (IsBlank(line)) return sim::Ok{};
  if (records_ >= kTableRecordsMax) {
    return sim::Err(fmt::format("{}: more than {} records; make one table per part of the sweep",
                                Where(place), kTableRecordsMax));
  }
  auto read = ReadRecordLine(line);
  if (!read.has_value()) {
    const RecordError& error = read.error();
    return sim::Err(error.column ? fmt::format("{}:{}: {}", Where(place), *error.column, error.what)
                                 : fmt::format("{}: {}", Where(place), error.what));
  }
  const Record& record = read.value();
  const auto fail = [&](const std::string& what) {
    return sim::Err(fmt::format("{}: {}", Where(place), what));
  };
  const TableRow run = RunOf(record);

  // The same run twice (a file given twice, overlapping shards) would count
  // its writes twice and narrow the interval: refuse rather than guess.
  const std::string key = RunKeyPrefix(run.scenario, record.context.params);
  const auto [seen, fresh] =
      runs_seen_.try_emplace(key + std::to_string(record.result.seed), place);
  if (!fresh) {
    return fail(fmt::format(
        "seed {} of {} with the same params is already at {} (the same records read twice?)",
        record.result.seed, run.scenario, Where(seen->second)));
  }
  const auto existing = rows_.find(key);
  if (existing == rows_.end()) {
    rows_.emplace(key, run);
  } else {
    const auto added = AddRun(existing->second, run);
    if (!added.has_value()) return fail(added.error());
  }
  ++records_;
  return sim::Ok{};
}

std::vector<TableRow> TableReader::Rows() const {
  std::vector<TableRow> rows;
  rows.reserve(rows_.size());
  for (const auto& [key, row] : rows_) rows.push_back(row);
  std::stable_sort(rows.begin(), rows.end(), [](const TableRow& a, const TableRow& b) {
    if (a.scenario != b.scenario) return a.scenario < b.scenario;
    return ParamsLess(a.params, b.params);
  });
  return rows;
}

}  // namespace tools
