#include "tools/experiment/output_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tools {

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  temporary_ = fmt::format("{}.tmp.{}", path_, static_cast<long>(getpid()));
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (file_ == nullptr) {
    failed_ = true;
    error_ = fmt::format("{}: cannot write: {}", path_, std::strerror(errno));
  }
}

OutputFile::~OutputFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::remove(temporary_.c_str());
  }
}

void OutputFile::Write(std::string_view text) {
  if (!ok()) return;
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    failed_ = true;
    error_ = fmt::format("{}: write failed: {}", path_, std::strerror(errno));
  }
}

bool OutputFile::Commit() {
  if (file_ == nullptr) return false;
  const bool flushed = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
  std::fclose(file_);
  file_ = nullptr;
  if (failed_ || !flushed || std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    if (error_.empty()) error_ = fmt::format("{}: cannot write: {}", path_, std::strerror(errno));
    std::remove(temporary_.c_str());
    return false;
  }
  return true;
}

}  // namespace tools
