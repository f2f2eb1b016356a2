#include "tools/experiment/progress.h"

#include <fmt/format.h>

#include <cstdio>

namespace tools {

SweepProgress::SweepProgress(ProgressStyle style, std::uint64_t total)
    : style_(style), total_(total), start_(Clock::now()), last_draw_(start_) {}

std::string SweepProgress::FormatSeconds(double seconds) {
  const auto s = static_cast<std::uint64_t>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, s / 60 % 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

void SweepProgress::Draw(std::uint64_t done, std::uint64_t missed) {
  if (style_ == ProgressStyle::kNone) return;
  const auto now = Clock::now();
  if (style_ == ProgressStyle::kTerminal) {
    if (drawn_ && done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  } else if (now - last_draw_ < kLineEvery || done >= total_) {
    return;  // the sweep's own summary line ends it
  }
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const std::string eta =
      rate > 0 ? FormatSeconds(static_cast<double>(total_ - done) / rate) : std::string("--");
  if (style_ == ProgressStyle::kTerminal) {
    fmt::print(stderr, "\r  sweep {}/{} runs  {:.2f} runs/s  ETA {}\033[K", done, total_, rate,
               eta);
    drawn_ = true;
  } else {
    fmt::print(stderr, "sweep: {}/{} runs, {:.2f} runs/s, ETA {}, {} missed so far\n", done,
               total_, rate, eta, missed);
  }
  std::fflush(stderr);
}

void SweepProgress::Clear() {
  if (drawn_) fmt::print(stderr, "\r\033[K");
  drawn_ = false;
}

}  // namespace tools
