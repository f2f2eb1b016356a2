#include "sim/rng_stream.h"

#include <xxhash.h>

#include <algorithm>
#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "sim/check.h"

namespace sim {
namespace {

// z such that Phi(z) = 0.99 for the standard normal.
constexpr double kNormalQuantile99 = 2.3263478740408408;

// log1p(x) / x, continuous at 0.
double Log1pOverX(double x) {
  return std::abs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x / 2.0 + x * x / 3.0;
}
// expm1(x) / x, continuous at 0.
double Expm1OverX(double x) {
  return std::abs(x) > 1e-8 ? std::expm1(x) / x : 1.0 + x / 2.0 + x * x / 6.0;
}

}  // namespace

RngStream::RngStream(std::uint64_t run_seed, std::string_view name)
    : engine_(XXH64(name.data(), name.size(), run_seed)) {}

std::uint64_t RngStream::Below(std::uint64_t bound) {
  SIM_ASSERT(bound > 0, "bound={}", bound);
  return boost::random::uniform_int_distribution<std::uint64_t>(0, bound - 1)(engine_);
}

bool RngStream::Chance(std::uint32_t ppm) {
  SIM_ASSERT(ppm <= 1'000'000, "ppm={}", ppm);
  return Below(1'000'000) < ppm;
}

bool RngStream::Bernoulli(double probability) {
  SIM_ASSERT(probability >= 0.0, "probability={}", probability);
  SIM_ASSERT(probability <= 1.0, "probability={}", probability);
  return boost::random::bernoulli_distribution<double>(probability)(engine_);
}

double RngStream::Uniform(double low, double high) {
  SIM_ASSERT(low < high, "low={} high={}", low, high);
  return boost::random::uniform_real_distribution<double>(low, high)(engine_);
}

double RngStream::Exponential(double mean) {
  SIM_ASSERT(mean > 0.0, "mean={}", mean);
  return boost::random::exponential_distribution<double>(1.0 / mean)(engine_);
}

double RngStream::LogNormal(double median, double p99) {
  SIM_ASSERT(median > 0.0, "median={}", median);
  SIM_ASSERT(p99 > median, "median={} p99={}", median, p99);
  const double mu = std::log(median);
  const double sigma = (std::log(p99) - mu) / kNormalQuantile99;
  return boost::random::lognormal_distribution<double>(mu, sigma)(engine_);
}

ZipfDistribution::ZipfDistribution(std::uint64_t n, double s) : n_(n), s_(s) {
  SIM_ASSERT(n >= 1, "n={}", n);
  SIM_ASSERT(s > 0.0, "s={}", s);
  h_integral_x1_ = H(1.5) - 1.0;
  h_integral_n_ = H(static_cast<double>(n) + 0.5);
  squeeze_ = 2.0 - HInverse(H(2.5) - h(2.0));
}

double ZipfDistribution::h(double x) const { return std::exp(-s_ * std::log(x)); }

double ZipfDistribution::H(double x) const {
  const double log_x = std::log(x);
  return Expm1OverX((1.0 - s_) * log_x) * log_x;
}

double ZipfDistribution::HInverse(double x) const {
  const double t = std::max(-1.0, x * (1.0 - s_));
  return std::exp(Log1pOverX(t) * x);
}

std::uint64_t ZipfDistribution::operator()(RngStream& stream) const {
  // Bounded: the acceptance probability is above 1/2 for every n and s, so
  // 200 rejections in a row is a broken sampler, not bad luck.
  for (int attempt = 0; attempt < 200; ++attempt) {
    const double u = h_integral_n_ + stream.Uniform(0.0, 1.0) * (h_integral_x1_ - h_integral_n_);
    const double x = HInverse(u);
    double k = std::floor(x + 0.5);
    k = std::clamp(k, 1.0, static_cast<double>(n_));
    if (k - x <= squeeze_ || u >= H(k + 0.5) - h(k)) return static_cast<std::uint64_t>(k);
  }
  SIM_UNREACHABLE("zipf sampler rejected 200 draws: n={} s={}", n_, s_);
}

}  // namespace sim
