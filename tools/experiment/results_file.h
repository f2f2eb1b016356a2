// tools/experiment/results_file.h
//
// A sweep's results file: one record line per run, appended whole, read back
// for --resume. What identifies a run (its key) is defined here once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/run.h"
#include "sim/result.h"
#include "tools/experiment/record.h"

namespace tools {

// What identifies a run across sweeps (the resume key): scenario file as
// given, the overrides in force as the record's `params` show them, seed.
// RunKey(file, sets, seed) == RunKeyPrefix(file, sets) + std::to_string(seed).
std::string RunKey(const std::string& file, const std::vector<std::string>& sets,
                   std::uint64_t seed);
std::string RunKeyPrefix(const std::string& file, const std::vector<std::string>& sets);

// One line of the results file: the record of SPEC.md plus
// "grid": {"index", "combination"}, which sorts lines back into grid order.
std::string SweepRecordLine(const model::RunResult& result, const RecordContext& context,
                            std::uint64_t grid_index, std::uint64_t combination);

// The records already in a results file, by RunKey, with the fields that
// `expect:` checks filled in, so a resumed sweep reports earlier misses too.
using DoneRuns = std::unordered_map<std::string, model::RunResult>;

// For --resume: reads `path` (a missing file is an empty one) and first cuts
// a torn last line (no '\n', left by an interrupted sweep) off the file.
// Errors are one line: "FILE:LINE: not a sweep record: ...".
sim::Result<DoneRuns, std::string> ReadDoneRuns(const std::string& path);

// The results file (or stdout, for path ""): each line goes out in one
// write(2) on an O_APPEND descriptor and the file is fsync'ed about once a
// second, so an interrupted sweep leaves whole records plus at most one torn
// last line, which ReadDoneRuns cuts.
class ResultsWriter {
 public:
  // append: keep what the file holds (--resume); otherwise start it empty.
  ResultsWriter(const std::string& path, bool append);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }  // one line, when !ok()

  // REQUIRES: line ends in '\n'. False (with error()) once writing failed.
  bool Append(std::string_view line);
  bool Sync();  // fsync now (a no-op for stdout)

 private:
  std::string label_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::int64_t last_sync_ms_ = 0;
  std::string error_;
};

}  // namespace tools
