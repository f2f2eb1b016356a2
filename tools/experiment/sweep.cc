// The run of a sweep's grid on this machine. Worker threads each run one grid point at a time (a
// model run is self-contained and single-threaded); the calling thread alone writes, in grid order,
// so the file is the same whatever --jobs is, apart from wall_ms.
#include "tools/experiment/sweep.h"

#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "tools/experiment/capsule.h"
#include "tools/experiment/exit_code.h"
#include "tools/experiment/junit.h"
#include "tools/experiment/output_file.h"
#include "tools/experiment/output_paths.h"
#include "tools/experiment/progress.h"
#include "tools/experiment/record_format.h"
#include "tools/experiment/results_file.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/document.h"

namespace tools {
namespace {

// A scenario's name as part of a file name: letters, digits, '-', '_', '.'.
std::string FileNamePart(const std::string& name) {
  std::string out;
  for (const char c : name) {
    const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    out += plain ? c : '_';
  }
  return out.empty() ? "scenario" : out;
}

using Clock = std::chrono::steady_clock;

// Finished runs wait at most this far (per job) ahead of the next line to
// write; past it, workers wait for a slow run instead of buffering more.
constexpr std::uint64_t kReorderWindowPerJob = 64;

// A grid point done, waiting for its turn to be written.
struct Finished {
  std::string line;  // the record line; empty when the run was already in --out
  std::vector<std::string> misses;
  std::string reproduce;  // when misses
  std::string label;      // "FILE seed N", when misses
  std::string capsule;       // with --capsules, when misses: the capsule's text
  std::string capsule_name;  // and its file name
  JunitCase junit;           // the run as a JUnit test case
};

// One sweep on this machine: workers claim shard positions in order and run
// them; Run()'s own thread writes them back in that order. A mutex
// rather than a bare atomic counter hands out positions, because a worker
// must also wait while it is too far ahead of the writer.
class SweepRun {
 public:
  SweepRun(const SweepGrid& grid, const std::vector<std::optional<Scenario>>& scenarios,
           const std::vector<std::string>& key_prefixes, const Shard& shard, const DoneRuns& done,
           const std::string& capsules, bool junit)
      : capsules_(capsules),
        junit_(junit),
        grid_(grid),
        scenarios_(scenarios),
        key_prefixes_(key_prefixes),
        shard_(shard),
        done_(done),
        positions_(grid.ShardSize(shard)) {}

  struct Tally {
    std::uint64_t ran = 0;     // runs made (not already in --out)
    std::uint64_t missed = 0;  // grid points whose run missed its expect:
    bool wrote = true;         // false: writing failed (out.error())
    std::vector<JunitCase> cases;  // every grid point, in grid order
  };

  // Runs every position with `jobs` workers and writes each finished one to
  // out in order. Rethrows a worker's exception.
  Tally Run(unsigned jobs, ResultsWriter& out, SweepProgress& progress);

 private:
  void Work();
  Finished RunPosition(std::uint64_t position) const;
  std::exception_ptr WithContext(std::uint64_t position) const;

  const std::string& capsules_;
  const bool junit_;  // keep each run as a JUnit case
  const SweepGrid& grid_;
  const std::vector<std::optional<Scenario>>& scenarios_;  // by block; set for blocks in the shard
  const std::vector<std::string>& key_prefixes_;           // by block
  const Shard shard_;
  const DoneRuns& done_;
  const std::uint64_t positions_;
  std::uint64_t window_ = kReorderWindowPerJob;

  std::mutex mutex_;
  std::condition_variable finished_changed_;    // workers -> writer
  std::condition_variable written_changed_;     // writer -> workers
  std::uint64_t next_claim_ = 0;                // guarded by mutex_
  std::uint64_t next_write_ = 0;                // guarded by mutex_
  std::map<std::uint64_t, Finished> finished_;  // guarded by mutex_; by position
  std::exception_ptr error_;                    // guarded by mutex_; the first worker's
  bool stop_ = false;                           // guarded by mutex_
};

Finished SweepRun::RunPosition(std::uint64_t position) const {
  const GridPoint point = grid_.At(grid_.ShardPoint(shard_, position));
  const GridBlock& block = grid_.blocks()[point.block];
  const Scenario& scenario = *scenarios_[point.block];
  Finished finished;
  double wall_ms = 0;
  const auto recorded = done_.empty()
                            ? done_.end()
                            : done_.find(key_prefixes_[point.block] + std::to_string(point.seed));
  if (recorded != done_.end()) {
    finished.misses = Misses(CheckExpectations(scenario.expect, recorded->second.result));
  } else {
    ScenarioRun run = RunScenario(scenario, point.seed, /*keep_trace=*/false);
    wall_ms = run.record.context.wall_ms;
    run.record.grid = GridPlace{point.index, block.combination};
    finished.line = WriteRecordLine(run.record);
    if (!capsules_.empty() && !run.misses.empty()) {
      finished.capsule = MakeCapsule(scenario, run);
      finished.capsule_name = fmt::format("{}-{}-seed{}.capsule.json",
                                          FileNamePart(scenario.model.name), point.index,
                                          point.seed);
    }
    finished.misses = std::move(run.misses);
  }
  if (!finished.misses.empty()) {
    finished.reproduce = ReproduceCommand(scenario.file, point.seed, block.sets);
    finished.label = fmt::format("{} seed {}{}", scenario.file, point.seed,
                                 finished.line.empty() ? " (recorded earlier)" : "");
  }
  if (junit_) {
    std::string name = fmt::format("seed {}", point.seed);
    for (const std::string& set : block.sets) name += " " + set;
    finished.junit = JunitCase{scenario.file, name,
                               recorded != done_.end() ? recorded->second.context.wall_ms / 1e3
                                                       : wall_ms / 1e3,
                               !scenario.has_expect, finished.misses, finished.reproduce};
  }
  return finished;
}

// An internal error names the run it happened in, as `run` would show it.
std::exception_ptr SweepRun::WithContext(std::uint64_t position) const {
  try {
    throw;
  } catch (const sim::InternalError& error) {
    const GridPoint point = grid_.At(grid_.ShardPoint(shard_, position));
    const GridBlock& block = grid_.blocks()[point.block];
    const std::string& file = scenarios_[point.block]->file;
    return std::make_exception_ptr(sim::InternalError(
        fmt::format("{}\n  seed={} grid index={}\n  reproduce: {}", error.what(), point.seed,
                    point.index, ReproduceCommand(file, point.seed, block.sets))));
  } catch (...) {
    return std::current_exception();
  }
}

void SweepRun::Work() {
  for (;;) {
    std::uint64_t position = 0;
    {
      std::unique_lock lock(mutex_);
      written_changed_.wait(lock, [&] {
        return stop_ || next_claim_ >= positions_ || next_claim_ < next_write_ + window_;
      });
      if (stop_ || next_claim_ >= positions_) return;
      position = next_claim_++;
    }
    Finished finished;
    try {
      finished = RunPosition(position);
    } catch (...) {  // carried to the writer's thread, which rethrows it to main()
      std::exception_ptr error = WithContext(position);
      std::lock_guard lock(mutex_);
      if (!error_) error_ = error;
      stop_ = true;
      finished_changed_.notify_all();
      written_changed_.notify_all();
      return;
    }
    std::lock_guard lock(mutex_);
    finished_.emplace(position, std::move(finished));
    if (position == next_write_) finished_changed_.notify_all();
  }
}

SweepRun::Tally SweepRun::Run(unsigned jobs, ResultsWriter& out, SweepProgress& progress) {
  window_ = kReorderWindowPerJob * jobs;
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < jobs && i < positions_; ++i) workers.emplace_back([this] { Work(); });
  Tally tally;
  std::vector<Finished> ready;
  for (std::uint64_t written = 0; written < positions_ && tally.wrote;) {
    {
      std::unique_lock lock(mutex_);
      finished_changed_.wait_for(lock, std::chrono::milliseconds(250),
                                 [&] { return error_ || finished_.contains(next_write_); });
      if (error_) break;
      for (auto it = finished_.begin(); it != finished_.end() && it->first == next_write_;
           ++next_write_) {
        ready.push_back(std::move(it->second));
        it = finished_.erase(it);
      }
    }
    written_changed_.notify_all();
    for (Finished& finished : ready) {
      ++written;
      if (!finished.line.empty()) {
        ++tally.ran;
        if (!out.Append(finished.line)) {
          tally.wrote = false;
          break;
        }
      }
      if (junit_) tally.cases.push_back(std::move(finished.junit));
      if (finished.misses.empty()) continue;
      ++tally.missed;
      progress.Clear();
      for (const std::string& miss : finished.misses) {
        fmt::print(stderr, "expectation missed: {}: {}\n", finished.label, miss);
      }
      fmt::print(stderr, "  reproduce: {}\n", finished.reproduce);
      if (!finished.capsule.empty()) {
        const std::string path =
            (std::filesystem::path(capsules_) / finished.capsule_name).string();
        OutputFile capsule(path);
        capsule.Write(finished.capsule);
        if (capsule.Commit()) {
          fmt::print(stderr, "  capsule: {}\n", path);
        } else {
          fmt::print(stderr, "  capsule: {}\n", capsule.error());
        }
      }
    }
    ready.clear();
    progress.Draw(tally.ran, tally.missed);
  }
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  written_changed_.notify_all();
  for (std::thread& worker : workers) worker.join();
  if (error_) std::rethrow_exception(error_);
  tally.wrote = tally.wrote && out.Sync();
  return tally;
}

// Each run allocates its model's storage up front and frees it at the end.
// By default glibc hands large blocks back to the kernel (mmap threshold
// 128 KiB, trim threshold 128 KiB, raised only after a while), so each new
// run on a worker page-faults its storage afresh; in a VM a fault costs
// microseconds and a small run's storage is thousands of pages, which cost
// about 10% of --jobs 2's speed on 40 short runs. Kept in the worker's arena,
// the next run there reuses pages already mapped. Memory stays at each
// worker's largest run, which a sweep needs again anyway.
void KeepFreedMemory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);   // glibc's largest: blocks below it come from the arena
  mallopt(M_TRIM_THRESHOLD, 512 << 20);  // do not give the arena's free top back
}

// "FILE: with sweep.matrix a=1, b=2: ..." for a combination that does not load.
std::string CombinationError(const Scenario& base, const GridBlock& block, std::size_t user_sets,
                             const std::string& message) {
  std::string combination;
  for (std::size_t i = user_sets; i < block.sets.size(); ++i) {
    combination += (combination.empty() ? "" : ", ") + block.sets[i];
  }
  if (message.starts_with(base.file + ":")) {
    return fmt::format("{} (with sweep.matrix {})", message, combination);
  }
  return fmt::format("{}: with sweep.matrix {}: {}", base.file, combination, message);
}

// Each scenario file loaded with the user's --set; errors printed.
std::optional<std::vector<Scenario>> LoadBases(const SweepOptions& options) {
  std::vector<Scenario> bases;
  bool bad = false;
  for (const std::string& file : options.files) {
    auto loaded = LoadScenarioFile(file, options.sets);
    if (!loaded.has_value()) {
      fmt::print(stderr, "{}\n", loaded.error().message);
      bad = true;
      continue;
    }
    bases.push_back(std::move(loaded).value());
  }
  if (bad) return std::nullopt;
  return bases;
}

// The scenario of every block this shard runs, loaded with its combination,
// and its run key prefix. Every one loads before anything runs, so a bad
// combination fails the sweep at once, not hours in.
struct ShardScenarios {
  std::vector<std::optional<Scenario>> scenarios;  // by block
  std::vector<std::string> key_prefixes;           // by block
  std::uint64_t recorded = 0;                      // points already in --out
};

std::optional<ShardScenarios> LoadShardScenarios(const SweepOptions& options,
                                                 const std::vector<Scenario>& bases,
                                                 const SweepGrid& grid, const DoneRuns& done) {
  ShardScenarios out;
  out.scenarios.resize(grid.blocks().size());
  out.key_prefixes.resize(grid.blocks().size());
  const std::uint64_t positions = grid.ShardSize(options.shard);
  std::vector<std::optional<ParsedScenario>> parsed(options.files.size());
  for (std::uint64_t position = 0; position < positions; ++position) {
    const GridPoint point = grid.At(grid.ShardPoint(options.shard, position));
    const GridBlock& block = grid.blocks()[point.block];
    if (!out.scenarios[point.block]) {
      // Each file is parsed once; the base load checked every matrix value
      // and reading, so a grid point loads as it is.
      std::optional<ParsedScenario>& file = parsed[block.scenario];
      if (!file) {
        auto read = ParseScenarioFile(options.files[block.scenario]);
        if (!read.has_value()) {
          fmt::print(stderr, "{}\n", read.error().message);
          return std::nullopt;
        }
        file = std::move(read).value();
      }
      auto loaded = LoadGridPoint(*file, block.sets);
      if (!loaded.has_value()) {
        fmt::print(stderr, "{}\n",
                   CombinationError(bases[block.scenario], block, options.sets.size(),
                                    loaded.error().message));
        return std::nullopt;
      }
      out.scenarios[point.block] = std::move(loaded).value();
      out.key_prefixes[point.block] =
          RunKeyPrefix(out.scenarios[point.block]->model.name, OverridePairs(block.sets));
    }
    if (done.contains(out.key_prefixes[point.block] + std::to_string(point.seed))) {
      ++out.recorded;
    }
  }
  return out;
}

std::string SummaryLine(const SweepOptions& options, const SweepRun::Tally& tally,
                        std::uint64_t recorded, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(tally.ran) / seconds : 0.0;
  std::string summary =
      fmt::format("sweep: {} runs in {:.2f} s ({:.2f} runs/s, {} jobs, {:.0f} seeds per core per "
                  "day)",
                  tally.ran, seconds, rate, options.jobs, rate * 86'400 / options.jobs);
  if (options.shard.count > 1) {
    summary += fmt::format(", shard {}/{}", options.shard.index, options.shard.count);
  }
  if (recorded > 0) summary += fmt::format(", {} already in {}", recorded, options.out);
  if (tally.missed > 0) summary += fmt::format(", {} missed expect:", tally.missed);
  return summary;
}

// Why --out must not be written: it is one of the scenario files, or
// (without --resume) an existing file that is not a results file.
std::optional<std::string> OutputHazard(const SweepOptions& options,
                                        const std::vector<Scenario>& bases) {
  std::vector<std::string> inputs;
  for (const Scenario& base : bases) inputs.push_back(base.file);
  std::vector<OutputPath> outputs;
  if (!options.out.empty()) outputs.push_back({"--out", options.out});
  if (!options.junit.empty()) outputs.push_back({"--junit", options.junit});
  if (auto clash = OutputClash(inputs, outputs)) return clash;
  if (options.out.empty()) return std::nullopt;
  if (options.resume) return std::nullopt;  // --resume reads and checks every line
  std::ifstream in(options.out, std::ios::binary);
  std::string first;
  if (!in || !std::getline(in, first) || first.empty()) return std::nullopt;
  if (ReadRecordLine(first).has_value()) return std::nullopt;
  return fmt::format(
      "--out {} exists and its first line is not a result record; it would be "
      "overwritten: choose another --out",
      QuoteForError(options.out));
}

}  // namespace

int RunSweep(const SweepOptions& options) {
  const auto bases = LoadBases(options);
  if (!bases) return kExitUsage;
  auto built = SweepGrid::Build(*bases, options.sets, options.seeds);
  if (!built.has_value()) {
    fmt::print(stderr, "cutover-sim sweep: {}\n", built.error());
    return kExitUsage;
  }
  const SweepGrid grid = std::move(built).value();
  if (const auto hazard = OutputHazard(options, *bases)) {
    fmt::print(stderr, "cutover-sim sweep: {}\n", *hazard);
    return kExitUsage;
  }
  // Locked before --resume reads it: no other sweep writes it meanwhile.
  ResultsWriter out(options.out, options.resume);
  if (!out.ok()) {
    fmt::print(stderr, "{}\n", out.error());
    return kExitUsage;
  }
  if (!options.capsules.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.capsules, error);
    if (error || !std::filesystem::is_directory(options.capsules, error)) {
      fmt::print(stderr, "cutover-sim sweep: --capsules {}: not a directory it can make\n",
                 options.capsules);
      return kExitUsage;
    }
  }
  std::optional<OutputFile> junit;  // opened first: a path it cannot write costs no run
  if (!options.junit.empty()) {
    junit.emplace(options.junit);
    if (!junit->ok()) {
      fmt::print(stderr, "{}\n", junit->error());
      return kExitUsage;
    }
  }
  DoneRuns done;
  if (options.resume) {
    const auto read = ReadDoneRuns(options.out, done);
    if (!read.has_value()) {
      fmt::print(stderr, "{}\n", read.error());
      return kExitUsage;
    }
  }
  const auto shard = LoadShardScenarios(options, *bases, grid, done);
  if (!shard) return kExitUsage;
  if (!out.Begin()) {
    fmt::print(stderr, "{}\n", out.error());
    return kExitUsage;
  }
  KeepFreedMemory();
  const auto start = Clock::now();
  SweepRun::Tally tally;
  {
    SweepProgress progress(options.progress, grid.ShardSize(options.shard) - shard->recorded);
    SweepRun run(grid, shard->scenarios, shard->key_prefixes, options.shard, done,
                 options.capsules, !options.junit.empty());
    tally = run.Run(options.jobs, out, progress);
  }
  if (!tally.wrote) {
    fmt::print(stderr, "{}\n", out.error());
    return kExitUsage;
  }
  if (junit) {
    junit->Write(JunitXml("cutover-sim sweep", tally.cases));
    if (!junit->Commit()) {
      fmt::print(stderr, "{}\n", junit->error());
      return kExitUsage;
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  fmt::print(stderr, "{}\n", SummaryLine(options, tally, shard->recorded, seconds));
  return tally.missed > 0 ? kExitMissed : kExitOk;
}

}  // namespace tools
