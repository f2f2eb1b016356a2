// sim/rng_stream.h
//
// One stream per purpose ("net.latency", "fault.drop", "workload.keys"),
// seeded from XXH64(name, run seed), so a stream's draws depend only on the
// run seed and its own name: creating, removing or reordering other streams
// never shifts them. Boost.Random engines AND distributions: their output is
// specified, so the same seed gives the same numbers on every platform,
// which std:: distributions do not promise.
#pragma once

#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string_view>

namespace sim {

class RngStream {
 public:
  RngStream(std::uint64_t run_seed, std::string_view name);

  std::uint64_t Below(std::uint64_t bound);  // uniform in [0, bound); REQUIRES: bound > 0
  bool Chance(std::uint32_t ppm);            // true with probability ppm / 1e6
  bool Bernoulli(double probability);        // REQUIRES: 0 <= probability <= 1
  double Uniform(double low, double high);   // uniform in [low, high); REQUIRES: low < high
  double Exponential(double mean);           // REQUIRES: mean > 0
  // Log-normal with the given median and 99th percentile. REQUIRES: 0 < median < p99.
  double LogNormal(double median, double p99);

  boost::random::mt19937_64& engine() { return engine_; }

 private:
  boost::random::mt19937_64 engine_;
};

// Zipf over {1..n}: P(k) proportional to k^-s. Rejection-inversion sampling
// (Hormann and Derflinger, 1996): O(1) per draw, no table, any n.
class ZipfDistribution {
 public:
  ZipfDistribution(std::uint64_t n, double s);  // REQUIRES: n >= 1, s > 0
  std::uint64_t operator()(RngStream& stream) const;
  std::uint64_t n() const { return n_; }

 private:
  double H(double x) const;         // integral of h from 1 to x, shifted
  double HInverse(double x) const;  // inverse of H
  double h(double x) const;         // x^-s

  std::uint64_t n_;
  double s_;
  double h_integral_x1_;
  double h_integral_n_;
  double squeeze_;
};

}  // namespace sim
