// Reading result records back and summing them into rows of the loss-rate
// table; the Wilson interval of a row's rates.
#include "tools/report/table.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>

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

std::string GroupKey(const std::string& scenario, const Json& params) {
  Json key = Json::array({scenario});
  for (const auto& [path, text] : CanonicalParams(params)) key.push_back(Json::array({path, text}));
  return key.dump();
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

// One of the record's counts. Errors name the field and what it held.
sim::Result<std::uint64_t, std::string> Count(const Json& record, const char* name) {
  const auto it = record.find(name);
  if (it == record.end()) return sim::Err(fmt::format("missing field \"{}\"", name));
  if (!it->is_number_unsigned()) {
    return sim::Err(
        fmt::format("field \"{}\" must be a non-negative integer, not {}", name, it->dump()));
  }
  return it->get<std::uint64_t>();
}

sim::Result<std::string, std::string> Text(const Json& record, const char* name) {
  const auto it = record.find(name);
  if (it == record.end()) return sim::Err(fmt::format("missing field \"{}\"", name));
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return sim::Err(
        fmt::format("field \"{}\" must be a non-empty string, not {}", name, it->dump()));
  }
  return it->get<std::string>();
}

// "parse error at line 1, column 5: syntax error ..." -> "syntax error ...".
std::string ParseErrorReason(const std::string& what) {
  const std::size_t column = what.find("column ");
  const std::size_t colon = what.find(": ", column == std::string::npos ? 0 : column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Why a line is not a result record; `column` is set for bad JSON.
struct RecordError {
  std::optional<std::uint64_t> column;
  std::string what;
};

struct ParsedRecord {
  TableRow run;  // one run's counts: runs == 1, one outcome counted
  std::uint64_t seed = 0;
};

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
};
constexpr SummedCount kRowCounts[] = {
    {"runs", &TableRow::runs},
    {"complete", &TableRow::complete},
    {"refused", &TableRow::refused},
    {"failed", &TableRow::failed},
};

// One line as a run of a row; the first mistake found, if any.
sim::Result<ParsedRecord, RecordError> ParseRecord(std::string_view line) {
  const auto fail = [](std::string what) { return sim::Err(RecordError{std::nullopt, what}); };
  Json record;
  try {
    record = Json::parse(line);
  } catch (const Json::parse_error& error) {
    return sim::Err(RecordError{error.byte, "not JSON: " + ParseErrorReason(error.what())});
  }
  if (!record.is_object()) {
    return fail(fmt::format("not a result record: a JSON {}, not an object", record.type_name()));
  }
  ParsedRecord parsed;
  TableRow& run = parsed.run;
  const auto scenario = Text(record, "scenario");
  if (!scenario.has_value()) return fail(scenario.error());
  run.scenario = scenario.value();
  const auto params = record.find("params");
  if (params == record.end()) return fail("missing field \"params\"");
  if (!params->is_object()) {
    return fail(fmt::format("field \"params\" must be an object, not {}", params->dump()));
  }
  run.params = *params;
  const auto outcome = Text(record, "outcome");
  if (!outcome.has_value()) return fail(outcome.error());
  std::uint64_t* const outcome_count = outcome.value() == "complete"  ? &run.complete
                                       : outcome.value() == "refused" ? &run.refused
                                       : outcome.value() == "failed"  ? &run.failed
                                                                      : nullptr;
  if (outcome_count == nullptr) {
    return fail(fmt::format("field \"outcome\" must be complete, refused or failed, not \"{}\"",
                            outcome.value()));
  }
  *outcome_count = 1;
  run.runs = 1;
  const auto seed = Count(record, "seed");
  if (!seed.has_value()) return fail(seed.error());
  parsed.seed = seed.value();
  for (const SummedCount& field : kRecordCounts) {
    const auto count = Count(record, field.name);
    if (!count.has_value()) return fail(count.error());
    run.*field.member = count.value();
  }
  if (run.lost > run.acked_docs) {
    return fail(
        fmt::format("\"lost\" {} is more than \"acked_docs\" {}", run.lost, run.acked_docs));
  }
  if (run.lost_at_cutover > run.acked_docs_at_cutover) {
    return fail(fmt::format("\"lost_at_cutover\" {} is more than \"acked_docs_at_cutover\" {}",
                            run.lost_at_cutover, run.acked_docs_at_cutover));
  }
  const auto file = record.find("file");  // optional: only to describe the row
  if (file != record.end() && file->is_string()) run.file = file->get<std::string>();
  const auto words = record.find("configuration");  // optional: older records lack it
  if (words != record.end() && words->is_string()) run.configuration = words->get<std::string>();
  return parsed;
}

// Adds one run's counts to `row`, or leaves it as it was if a sum would overflow.
sim::Result<sim::Ok, std::string> AddRun(TableRow& row, const TableRow& run) {
  for (const SummedCount& field : kRecordCounts) {
    std::uint64_t sum = 0;
    if (__builtin_add_overflow(row.*field.member, run.*field.member, &sum)) {
      return sim::Err(fmt::format("the sum of \"{}\" over the runs overflows", field.name));
    }
  }
  for (const SummedCount& field : kRecordCounts) row.*field.member += run.*field.member;
  for (const SummedCount& field : kRowCounts) {
    row.*field.member += run.*field.member;  // at most kTableRecordsMax
  }
  return sim::Ok{};
}

}  // namespace

Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials, double z) {
  SIM_ASSERT(trials > 0, "WilsonInterval of 0 trials");
  SIM_ASSERT(successes <= trials, "WilsonInterval: {} successes of {} trials", successes, trials);
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // Rounding must not put an end a hair outside [0, 1] or make 0 of n look
  // like a positive lower bound.
  return {successes == 0 ? 0.0 : std::max(0.0, center - half),
          successes == trials ? 1.0 : std::min(1.0, center + half)};
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
  auto parsed = ParseRecord(line);
  if (!parsed.has_value()) {
    const RecordError& error = parsed.error();
    return sim::Err(error.column ? fmt::format("{}:{}: {}", Where(place), *error.column, error.what)
                                 : fmt::format("{}: {}", Where(place), error.what));
  }
  const ParsedRecord& record = parsed.value();
  const auto fail = [&](const std::string& what) {
    return sim::Err(fmt::format("{}: {}", Where(place), what));
  };

  // The same run twice (a file given twice, overlapping shards) would count
  // its writes twice and narrow the interval: refuse rather than guess.
  const std::string key = GroupKey(record.run.scenario, record.run.params);
  const auto [seen, fresh] = runs_seen_.try_emplace(fmt::format("{}#{}", key, record.seed), place);
  if (!fresh) {
    return fail(fmt::format(
        "seed {} of {} with the same params is already at {} (the same records read twice?)",
        record.seed, record.run.scenario, Where(seen->second)));
  }
  const auto existing = rows_.find(key);
  if (existing == rows_.end()) {
    rows_.emplace(key, record.run);
  } else {
    const auto added = AddRun(existing->second, record.run);
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
