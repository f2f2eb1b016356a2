#include "tools/experiment/results_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include "sim/check.h"

namespace tools {
namespace {

// Cuts the file after its last '\n': what follows is a record torn by an
// interrupted sweep. Returns an error sentence, or "" when fine.
std::string CutTornLine(int fd) {
  struct stat info {};
  if (fstat(fd, &info) != 0) return std::strerror(errno);
  off_t end = info.st_size;
  char buffer[1 << 16];
  while (end > 0) {
    const off_t begin = std::max<off_t>(0, end - static_cast<off_t>(sizeof buffer));
    const ssize_t got = pread(fd, buffer, static_cast<std::size_t>(end - begin), begin);
    if (got != end - begin) return got < 0 ? std::strerror(errno) : "file changed while reading";
    const char* newline =
        static_cast<const char*>(memrchr(buffer, '\n', static_cast<std::size_t>(got)));
    if (newline != nullptr) {
      end = begin + (newline - buffer) + 1;
      break;
    }
    end = begin;
  }
  if (end != info.st_size && ftruncate(fd, end) != 0) return std::strerror(errno);
  return "";
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

sim::Result<sim::Ok, std::string> ReadDoneRuns(const std::string& path, DoneRuns& done) {
  done.clear();
  const int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return sim::Ok{};
    return sim::Err(fmt::format("{}: cannot open for --resume: {}", path, std::strerror(errno)));
  }
  const std::string cut = CutTornLine(fd);
  close(fd);
  if (!cut.empty())
    return sim::Err(fmt::format("{}: cannot drop its torn last line: {}", path, cut));
  std::ifstream in(path, std::ios::binary);
  if (!in) return sim::Err(fmt::format("{}: cannot read for --resume", path));
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto read = ReadRecordLine(line);
    if (!read.has_value()) {
      const RecordError& error = read.error();
      return sim::Err(
          error.column ? fmt::format("{}:{}:{}: {}", path, number, *error.column, error.what)
                       : fmt::format("{}:{}: not a result record: {}", path, number, error.what));
    }
    Record record = std::move(read).value();
    std::string key = RunKey(record.result.scenario, record.context.params, record.result.seed);
    done.emplace(std::move(key), std::move(record));  // a repeated record keeps the first
  }
  if (in.bad()) return sim::Err(fmt::format("{}: cannot read for --resume", path));
  return sim::Ok{};
}

ResultsWriter::ResultsWriter(const std::string& path, bool append)
    : label_(path.empty() ? "stdout" : path) {
  last_sync_ms_ = NowMs();
  if (path.empty()) {
    fd_ = STDOUT_FILENO;
    return;
  }
  // Not truncated yet: the file is emptied by Begin(), once the lock is ours
  // and the sweep is known to run.
  fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    error_ = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    return;
  }
  owns_fd_ = true;
  truncate_ = !append;
  // One writer at a time: a second sweep on the same file would duplicate
  // every record. The lock is released when the process ends.
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (fcntl(fd_, F_SETLK, &lock) != 0) {
    const int error = errno;
    struct flock holder {};
    holder.l_type = F_WRLCK;
    holder.l_whence = SEEK_SET;
    const bool known = fcntl(fd_, F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK;
    error_ = error == EACCES || error == EAGAIN
                 ? fmt::format(
                       "{}: another sweep{} is writing it; wait for it or choose another "
                       "--out",
                       path, known ? fmt::format(" (pid {})", holder.l_pid) : "")
                 : fmt::format("{}: cannot lock: {}", path, std::strerror(error));
  }
}

bool ResultsWriter::Begin() {
  if (!ok() || !truncate_) return ok();
  truncate_ = false;
  if (ftruncate(fd_, 0) != 0) {
    error_ = fmt::format("{}: cannot empty it: {}", label_, std::strerror(errno));
    return false;
  }
  return true;
}

ResultsWriter::~ResultsWriter() {
  if (!owns_fd_) return;
  Sync();
  close(fd_);
}

bool ResultsWriter::Append(std::string_view line) {
  SIM_ASSERT(!line.empty() && line.back() == '\n', "a results line ends in a newline");
  if (!ok()) return false;
  // One write(2) per record; a short write (a full disk) is finished by
  // further writes, and if the sweep dies meanwhile, --resume cuts the rest.
  while (!line.empty()) {
    const ssize_t wrote = write(fd_, line.data(), line.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      error_ = fmt::format("{}: write failed: {}", label_,
                           wrote < 0 ? std::strerror(errno) : "no progress");
      return false;
    }
    line.remove_prefix(static_cast<std::size_t>(wrote));
  }
  if (NowMs() - last_sync_ms_ >= 1000) return Sync();
  return true;
}

bool ResultsWriter::Sync() {
  last_sync_ms_ = NowMs();
  if (!ok() || !owns_fd_) return ok();
  if (fsync(fd_) != 0) {
    error_ = fmt::format("{}: fsync failed: {}", label_, std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace tools
