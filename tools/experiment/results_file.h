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

// The records already in a results file, by RunKey (record_format.h), so a
// resumed sweep skips them and still reports their earlier misses.
using DoneRuns = std::unordered_map<std::string, Record>;

// For --resume: reads `path` (a missing file is an empty one) with the one
// record reader, after cutting a torn last line (no '\n', left by an
// interrupted sweep) off the file. Errors are one line:
// "FILE:LINE: not a result record: ..." (FILE:LINE:COLUMN for bad JSON).
// Fills `done` (an out-parameter: GCC 12 misreads a map moved out of a Result).
sim::Result<sim::Ok, std::string> ReadDoneRuns(const std::string& path, DoneRuns& done);

// The results file (or stdout, for path ""): each line goes out in one
// write(2) on an O_APPEND descriptor and the file is fsync'ed about once a
// second, so an interrupted sweep leaves whole records plus at most one torn
// last line, which ReadDoneRuns cuts.
class ResultsWriter {
 public:
  // Opens and locks `path` (error() names the pid holding it, if another
  // sweep does). append: keep what the file holds (--resume); otherwise
  // Begin() empties it.
  ResultsWriter(const std::string& path, bool append);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }  // one line, when !ok()

  // The sweep will run: without append, the file is emptied now.
  bool Begin();
  // REQUIRES: Begin() was called; line ends in '\n'. False (with error())
  // once writing failed.
  bool Append(std::string_view line);
  bool Sync();  // fsync now (a no-op for stdout)

 private:
  std::string label_;
  int fd_ = -1;
  bool owns_fd_ = false;
  bool truncate_ = false;
  std::int64_t last_sync_ms_ = 0;
  std::string error_;
};

}  // namespace tools
