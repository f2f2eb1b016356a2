#include "sim/rng_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace sim {
namespace {

constexpr int kDraws = 100'000;

std::vector<std::uint64_t> Draw(RngStream& stream, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(stream.Below(1'000'000'000));
  return out;
}

TEST(RngStream, StreamDrawsDoNotDependOnOtherStreams) {
  RngStream a_alone(7, "a");
  const auto expected = Draw(a_alone, 100);

  RngStream b_first(7, "b");
  Draw(b_first, 50);
  RngStream a_after_b(7, "a");
  EXPECT_EQ(Draw(a_after_b, 100), expected);

  RngStream a_before_b(7, "a");
  RngStream b_after(7, "b");
  std::vector<std::uint64_t> interleaved;
  for (int i = 0; i < 100; ++i) {
    interleaved.push_back(a_before_b.Below(1'000'000'000));
    b_after.Below(10);
  }
  EXPECT_EQ(interleaved, expected);
}

TEST(RngStream, SeedAndNameBothChangeTheDraws) {
  RngStream base(7, "a");
  RngStream other_seed(8, "a");
  RngStream other_name(7, "b");
  const auto drawn = Draw(base, 20);
  EXPECT_NE(Draw(other_seed, 20), drawn);
  EXPECT_NE(Draw(other_name, 20), drawn);
}

TEST(RngStream, BelowStaysInRangeAndCoversIt) {
  RngStream stream(1, "below");
  std::vector<int> seen(10, 0);
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t v = stream.Below(10);
    ASSERT_LT(v, 10u);
    ++seen[v];
  }
  for (const int count : seen) EXPECT_NEAR(count, kDraws / 10, kDraws / 100);
}

TEST(RngStream, UniformMeanWithinTolerance) {
  RngStream stream(1, "uniform");
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) sum += stream.Uniform(2.0, 4.0);
  EXPECT_NEAR(sum / kDraws, 3.0, 0.01);
}

TEST(RngStream, BernoulliAndChanceMeansWithinTolerance) {
  RngStream stream(1, "bernoulli");
  int hits = 0;
  int chances = 0;
  for (int i = 0; i < kDraws; ++i) {
    hits += stream.Bernoulli(0.02);
    chances += stream.Chance(300'000);
  }
  EXPECT_NEAR(hits / double(kDraws), 0.02, 0.002);
  EXPECT_NEAR(chances / double(kDraws), 0.3, 0.006);
}

TEST(RngStream, ExponentialMeanWithinTolerance) {
  RngStream stream(1, "exponential");
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) sum += stream.Exponential(1000.0);
  EXPECT_NEAR(sum / kDraws, 1000.0, 15.0);  // sd of the mean: 1000 / sqrt(1e5) = 3.2
}

TEST(RngStream, LogNormalMedianAndP99WithinTolerance) {
  RngStream stream(1, "lognormal");
  std::vector<double> draws;
  for (int i = 0; i < kDraws; ++i) draws.push_back(stream.LogNormal(1.0, 8.0));
  std::sort(draws.begin(), draws.end());
  EXPECT_NEAR(draws[kDraws / 2], 1.0, 0.03);
  EXPECT_NEAR(draws[kDraws * 99 / 100], 8.0, 0.4);
  double sum = 0;
  for (const double d : draws) sum += d;
  // mean = exp(mu + sigma^2 / 2), sigma = ln 8 / z99.
  const double sigma = std::log(8.0) / 2.3263478740408408;
  EXPECT_NEAR(sum / kDraws, std::exp(sigma * sigma / 2), 0.05);
}

TEST(ZipfDistribution, FrequenciesMatchThePowerLaw) {
  for (const double s : {0.8, 1.0, 1.1, 2.0}) {
    const std::uint64_t n = 1000;
    ZipfDistribution zipf(n, s);
    RngStream stream(1, "zipf");
    std::vector<int> counts(n + 1, 0);
    double sum = 0;
    for (int i = 0; i < kDraws; ++i) {
      const std::uint64_t k = zipf(stream);
      ASSERT_GE(k, 1u);
      ASSERT_LE(k, n);
      ++counts[k];
      sum += static_cast<double>(k);
    }
    double norm = 0;
    double mean = 0;
    for (std::uint64_t k = 1; k <= n; ++k) {
      norm += std::pow(static_cast<double>(k), -s);
      mean += std::pow(static_cast<double>(k), 1 - s);
    }
    mean /= norm;
    EXPECT_NEAR(counts[1] / double(kDraws), 1.0 / norm, 0.01) << "s=" << s;
    EXPECT_NEAR(counts[2] / double(kDraws), std::pow(2.0, -s) / norm, 0.01) << "s=" << s;
    EXPECT_NEAR(sum / kDraws, mean, mean * 0.03) << "s=" << s;
  }
}

}  // namespace
}  // namespace sim
