#include "tools/sweep.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tools/command_line.h"
#include "tools/runner.h"
#include "tools/scenario_document.h"

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

// The matrix entries the user's --set did not pin.
std::vector<std::pair<std::string, std::vector<std::string>>> FreeMatrix(
    const SweepConfig& sweep, const std::vector<std::string>& sets) {
  std::vector<std::vector<std::string>> pinned;
  for (const auto& [path, value] : SplitOverrides(sets))
    pinned.push_back(CanonicalOverridePath(path));
  std::vector<std::pair<std::string, std::vector<std::string>>> free;
  for (const auto& entry : sweep.matrix) {
    if (std::find(pinned.begin(), pinned.end(), CanonicalOverridePath(entry.first)) ==
        pinned.end()) {
      free.push_back(entry);
    }
  }
  return free;
}

// Combination k of the matrix as --set strings: the first matrix key varies
// slowest, as nested loops written in file order.
std::vector<std::string> CombinationSets(
    const std::vector<std::pair<std::string, std::vector<std::string>>>& matrix, std::uint64_t k) {
  std::vector<std::string> sets(matrix.size());
  for (std::size_t j = matrix.size(); j-- > 0;) {
    const auto& [path, values] = matrix[j];
    sets[j] = path + "=" + values[k % values.size()];
    k /= values.size();
  }
  SIM_ASSERT(k == 0, "combination index beyond the matrix (rest {})", k);
  return sets;
}

SeedRange ScenarioSeeds(const Scenario& scenario) {
  if (scenario.sweep.present) return {scenario.sweep.seed_first, scenario.sweep.seed_last};
  return {scenario.model.seed, scenario.model.seed};
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

sim::Result<SeedRange, std::string> ParseSeeds(std::string_view text) {
  const auto bad = [&] {
    return sim::Err(
        fmt::format("expected N (seeds 1..N, N >= 1) or A..B, got {}", QuoteForError(text)));
  };
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    const auto count = ParseUnsigned(text);
    if (!count || *count == 0) return bad();
    return SeedRange{1, *count};
  }
  const auto first = ParseUnsigned(text.substr(0, dots));
  const auto last = ParseUnsigned(text.substr(dots + 2));
  if (!first || !last) return bad();
  if (*last < *first) return sim::Err(fmt::format("{} ends before it begins", QuoteForError(text)));
  return SeedRange{*first, *last};
}

sim::Result<Shard, std::string> ParseShard(std::string_view text) {
  const auto bad = [&] {
    return sim::Err(
        fmt::format("expected I/N with 0 <= I < N (I counts from 0), got {}", QuoteForError(text)));
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad();
  const auto index = ParseUnsigned(text.substr(0, slash));
  const auto count = ParseUnsigned(text.substr(slash + 1));
  if (!index || !count || *count == 0 || *index >= *count) return bad();
  return Shard{*index, *count};
}

sim::Result<SweepGrid, std::string> SweepGrid::Build(const std::vector<Scenario>& bases,
                                                     const std::vector<std::string>& sets,
                                                     std::optional<SeedRange> seeds) {
  const auto too_big = [] {
    return sim::Err(fmt::format(
        "the grid has more than {} runs (scenario files x sweep.matrix combinations x seeds)",
        kSweepRunsMax));
  };
  SweepGrid grid;
  for (std::size_t s = 0; s < bases.size(); ++s) {
    const auto matrix = FreeMatrix(bases[s].sweep, sets);
    std::uint64_t combinations = 1;
    for (const auto& entry : matrix)
      combinations *= entry.second.size();  // loader: <= kSweepCombinationsMax
    const SeedRange range = seeds.value_or(ScenarioSeeds(bases[s]));
    SIM_ASSERT(range.first <= range.last, "seed range {}..{}", range.first, range.last);
    if (range.last - range.first >= kSweepRunsMax) return too_big();
    const std::uint64_t seed_count = range.last - range.first + 1;
    for (std::uint64_t k = 0; k < combinations; ++k) {
      if (grid.size_ + seed_count > kSweepRunsMax) return too_big();
      GridBlock block{s, k, range, grid.size_, sets};
      const std::vector<std::string> matrix_sets = CombinationSets(matrix, k);
      block.sets.insert(block.sets.end(), matrix_sets.begin(), matrix_sets.end());
      grid.blocks_.push_back(std::move(block));
      grid.size_ += seed_count;
    }
  }
  return grid;
}

GridPoint SweepGrid::At(std::uint64_t index) const {
  SIM_ASSERT(index < size_, "grid index {} of {}", index, size_);
  const auto after =
      std::upper_bound(blocks_.begin(), blocks_.end(), index,
                       [](std::uint64_t i, const GridBlock& b) { return i < b.first_index; });
  SIM_ASSERT(after != blocks_.begin(), "grid index {} before the first block", index);
  const std::size_t block = static_cast<std::size_t>(after - blocks_.begin()) - 1;
  const GridBlock& b = blocks_[block];
  return GridPoint{index, block, b.seeds.first + (index - b.first_index)};
}

std::uint64_t SweepGrid::ShardSize(const Shard& shard) const {
  return size_ > shard.index ? (size_ - shard.index - 1) / shard.count + 1 : 0;
}

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
