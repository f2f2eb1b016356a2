// tools/report/stats.h
//
// The statistics of a table row, over its runs (seeds). Losses cluster
// within a run: one seed loses 9 % of its documents and the next none, so
// counting every acknowledged document as an independent trial (the pooled
// rate's Wilson interval) overstates certainty. The row's figures that hold
// are over runs:
//   - runs with any loss, k of n, with the Wilson interval over runs;
//   - the mean of the per-run loss rates, with a 95 % percentile bootstrap
//     interval over seeds (runs resampled with replacement, a fixed
//     resampling seed, so the table is reproducible). A bootstrap because it
//     assumes nothing of the per-run rates' distribution, which is far from
//     normal (mostly zeros, a few large values), and it resamples whole runs,
//     so it respects the clustering by construction;
//   - the smallest, the median and the largest per-run loss rate.
// Runs without an acknowledged document have no rate and are left out of
// the rates (they still count as runs without loss).
#pragma once

#include <cstdint>
#include <vector>

namespace tools {

// A two-sided confidence interval for a proportion, both ends within [0, 1].
struct Interval {
  double low = 0;
  double high = 0;
};

inline constexpr double kZ95 = 1.959963984540054;  // the normal 97.5 % quantile

// The Wilson score interval of `successes` out of `trials`. Unlike the normal
// approximation it stays inside [0, 1] and is not empty at 0 of n, which is
// the common case for a loss rate. REQUIRES: successes <= trials, trials > 0.
Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials, double z = kZ95);

// One run's loss at a checkpoint.
struct RunLoss {
  std::uint64_t lost = 0;
  std::uint64_t acked = 0;
  std::uint64_t seed = 0;  // orders the runs: the bootstrap draws by place
};

inline constexpr std::uint32_t kBootstrapResamples = 2000;
inline constexpr std::uint64_t kBootstrapSeed = 0x5EEDB007;

struct RunStats {
  std::uint64_t runs = 0;
  std::uint64_t runs_with_loss = 0;
  Interval runs_with_loss_ci;  // Wilson over runs; [0, 0] when there are none
  std::uint64_t rated = 0;     // runs with an acknowledged document
  double mean = 0;             // of the per-run rates
  Interval mean_ci;            // percentile bootstrap over the rated runs
  double min = 0;
  double median = 0;
  double max = 0;
};

// The runs in seed order, whatever order they came in.
RunStats SummarizeRuns(std::vector<RunLoss> runs);

// The median: the middle value, or the mean of the two middle ones.
// REQUIRES: values not empty.
double Median(std::vector<double> values);

// The 95 % percentile bootstrap interval of the mean: `resamples` means of
// values drawn with replacement by a fixed generator from `seed`, and their
// 2.5 % and 97.5 % quantiles (by linear interpolation, as numpy's default).
// REQUIRES: values not empty.
Interval BootstrapMeanInterval(const std::vector<double>& values,
                               std::uint32_t resamples = kBootstrapResamples,
                               std::uint64_t seed = kBootstrapSeed);

}  // namespace tools
