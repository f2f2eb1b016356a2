#include "tools/experiment/output_file.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

namespace tools {

namespace {

// Removes "<path>.tmp.<pid>" files whose process is gone (a run killed
// before it could commit or clean up): ours by name, so safe to remove.
void RemoveStaleTemporaries(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string prefix = target.filename().string() + ".tmp.";
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string digits = name.substr(prefix.size());
    long pid = 0;
    const auto [rest, parsed] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (parsed != std::errc() || rest != digits.data() + digits.size() || pid <= 0) continue;
    if (kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive, or not ours
    fs::remove(it->path(), error);
  }
}

}  // namespace

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  RemoveStaleTemporaries(path_);
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
