// tools/experiment/output_file.h
//
// A file that appears whole or not at all: written to "<path>.tmp.<pid>",
// flushed, then renamed over <path> by Commit(). An interrupted run leaves
// the previous file (if any) untouched and at most a stray temporary, which
// the next OutputFile for the same path removes once its process is gone.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace tools {

class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();  // removes the temporary if not committed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool ok() const { return file_ != nullptr && !failed_; }
  const std::string& error() const { return error_; }
  void Write(std::string_view text);
  bool Commit();  // false (with error()) if writing or renaming failed

 private:
  std::string path_;
  std::string temporary_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
  std::string error_;
};

}  // namespace tools
