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
#include <nlohmann/json.hpp>

#include "sim/check.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;

// Dumps never throw on a --set value that is not UTF-8: it is replaced, the
// same way on the writing and the reading side of a resume.
std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A record's params as a run's key sees them: sorted by path, so the order of
// the --set flags does not make a second run of the same point.
std::string ParamsKey(const Json& params) {
  std::vector<std::pair<std::string, std::string>> sorted;
  for (const auto& [path, value] : params.items())
    sorted.emplace_back(path, value.get<std::string>());
  std::sort(sorted.begin(), sorted.end());
  Json key = Json::array();
  for (const auto& [path, value] : sorted) key.push_back(Json::array({path, value}));
  return Dump(key);
}

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

// One line of a results file: its RunKey and the fields expect: checks.
sim::Result<std::pair<std::string, model::RunResult>, std::string> ParseDoneLine(
    const std::string& line) {
  try {
    const Json record = Json::parse(line);
    const Json& params = record.at("params");
    if (!params.is_object()) return sim::Err(std::string("params is not an object"));
    for (const auto& [path, value] : params.items()) {
      if (!value.is_string()) return sim::Err(fmt::format("params.{} is not a string", path));
    }
    std::string key =
        fmt::format("{}\n{}\n{}", record.at("file").get<std::string>(), ParamsKey(params),
                    record.at("seed").get<std::uint64_t>());  // as RunKey
    return std::pair{std::move(key), RecordToResult(record)};
  } catch (const nlohmann::json::exception& error) {  // bad input: a parse or type error
    return sim::Err(std::string(error.what()));
  }
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string RunKeyPrefix(const std::string& file, const std::vector<std::string>& sets) {
  return fmt::format("{}\n{}\n", file, ParamsKey(ParamsJson(SplitOverrides(sets))));
}

std::string RunKey(const std::string& file, const std::vector<std::string>& sets,
                   std::uint64_t seed) {
  return RunKeyPrefix(file, sets) + std::to_string(seed);
}

std::string SweepRecordLine(const model::RunResult& result, const RecordContext& context,
                            std::uint64_t grid_index, std::uint64_t combination) {
  Json record = ToRecord(result, context);
  record["grid"] = {{"index", grid_index}, {"combination", combination}};
  return Dump(record) + "\n";
}

sim::Result<DoneRuns, std::string> ReadDoneRuns(const std::string& path) {
  DoneRuns done;
  const int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return done;
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
    auto parsed = ParseDoneLine(line);
    if (!parsed.has_value())
      return sim::Err(fmt::format("{}:{}: not a sweep record: {}", path, number, parsed.error()));
    done.insert(std::move(parsed).value());  // a repeated record keeps the first
  }
  if (in.bad()) return sim::Err(fmt::format("{}: cannot read for --resume", path));
  return done;
}

ResultsWriter::ResultsWriter(const std::string& path, bool append)
    : label_(path.empty() ? "stdout" : path) {
  last_sync_ms_ = NowMs();
  if (path.empty()) {
    fd_ = STDOUT_FILENO;
    return;
  }
  fd_ =
      open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC), 0644);
  if (fd_ < 0) {
    error_ = fmt::format("{}: cannot write: {}", path, std::strerror(errno));
    return;
  }
  owns_fd_ = true;
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
