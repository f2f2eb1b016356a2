#include "tools/report/stats.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "sim/check.h"

namespace tools {
namespace {

// SplitMix64: a tiny generator with the same sequence everywhere, so the
// bootstrap draws the same resamples on every machine and library.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In [0, n): the high bits of a 64 x 64 product (Lemire), bias below 2^-40
  // for any n a table has.
  std::uint64_t Below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }

 private:
  std::uint64_t state_;
};

// The q quantile of sorted values, interpolating linearly between ranks.
double Quantile(const std::vector<double>& sorted, double q) {
  const double rank = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(rank));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - static_cast<double>(below));
}

}  // namespace

Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials, double z) {
  SIM_ASSERT(trials > 0, "WilsonInterval of 0 trials");
  SIM_ASSERT(successes <= trials, "WilsonInterval: {} successes of {} trials", successes, trials);
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double center = (p + z2 / (2 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // Rounding must not put an end a hair outside [0, 1] or make 0 of n look
  // like a positive lower bound.
  return {successes == 0 ? 0.0 : std::max(0.0, center - half),
          successes == trials ? 1.0 : std::min(1.0, center + half)};
}

double Median(std::vector<double> values) {
  SIM_ASSERT(!values.empty(), "the median of nothing");
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Interval BootstrapMeanInterval(const std::vector<double>& values, std::uint32_t resamples,
                               std::uint64_t seed) {
  SIM_ASSERT(!values.empty() && resamples > 0, "a bootstrap of {} values, {} resamples",
             values.size(), resamples);
  SplitMix64 rng(seed);
  std::vector<double> means(resamples);
  for (double& mean : means) {
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) sum += values[rng.Below(values.size())];
    mean = sum / static_cast<double>(values.size());
  }
  std::sort(means.begin(), means.end());
  return {Quantile(means, 0.025), Quantile(means, 0.975)};
}

RunStats SummarizeRuns(std::vector<RunLoss> runs) {
  std::sort(runs.begin(), runs.end(), [](const RunLoss& a, const RunLoss& b) {
    return std::tie(a.seed, a.lost, a.acked) < std::tie(b.seed, b.lost, b.acked);
  });
  RunStats s;
  s.runs = runs.size();
  std::vector<double> rates;
  for (const RunLoss& run : runs) {
    s.runs_with_loss += run.lost > 0;
    if (run.acked > 0) {
      rates.push_back(static_cast<double>(run.lost) / static_cast<double>(run.acked));
    }
  }
  if (s.runs > 0) s.runs_with_loss_ci = WilsonInterval(s.runs_with_loss, s.runs);
  s.rated = rates.size();
  if (rates.empty()) return s;
  double sum = 0;
  for (const double rate : rates) sum += rate;
  s.mean = sum / static_cast<double>(rates.size());
  s.mean_ci = BootstrapMeanInterval(rates);
  s.median = Median(rates);
  s.min = *std::min_element(rates.begin(), rates.end());
  s.max = *std::max_element(rates.begin(), rates.end());
  return s;
}

}  // namespace tools
