// tools/experiment/progress.h
//
// How far a sweep is, on stderr: on a terminal a bar rewritten in place at
// most ten times a second; elsewhere (a CI log, a batch job's output) a
// line every 10 s, so a long sweep is never silent for minutes.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace tools {

enum class ProgressStyle : std::uint8_t { kNone, kTerminal, kLines };

class SweepProgress {
 public:
  static constexpr std::chrono::seconds kLineEvery{10};

  SweepProgress(ProgressStyle style, std::uint64_t total);
  ~SweepProgress() { Clear(); }

  // `done` runs of the total made, `missed` of them missed their expect:.
  void Draw(std::uint64_t done, std::uint64_t missed);
  // Wipes the bar (before another line goes to stderr).
  void Clear();

  // "3m05s": a duration for an ETA.
  static std::string FormatSeconds(double seconds);

 private:
  using Clock = std::chrono::steady_clock;
  ProgressStyle style_;
  std::uint64_t total_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace tools
