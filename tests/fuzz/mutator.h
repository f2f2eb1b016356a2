// tests/fuzz/mutator.h
//
// Mutations that know what a scenario file looks like, for fuzzing the
// loader: a hostile value (.nan, 2^64, a century, invalid UTF-8, deep
// nesting) in place of a scalar, a key renamed, lines deleted, duplicated,
// swapped, re-indented or spliced in from another scenario, stray bytes,
// truncation. Random bytes alone almost never get past the YAML parser; these
// reach the loader's checks and the run behind them.
//
// Deterministic: the same corpus, text and seed give the same mutant on every
// machine and build (its own generator, no std:: distributions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fuzz {

// splitmix64: small, fast, and the same sequence everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  // Uniform in [0, n). REQUIRES: n > 0.
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Next() % n); }

 private:
  std::uint64_t state_;
};

// A scenario file of a corpus.
struct CorpusFile {
  std::string path;
  std::string text;
};
// Every .yaml file under the directories, in path order; none for a
// directory that cannot be read.
std::vector<CorpusFile> ReadCorpus(const std::vector<std::string>& dirs);

class ScenarioMutator {
 public:
  // `corpus`: scenario texts whose lines, keys and values mutations borrow.
  explicit ScenarioMutator(const std::vector<std::string>& corpus);

  // `text` after 1 to 4 mutations drawn from `seed`.
  std::string Mutate(std::string text, std::uint64_t seed) const;

 private:
  void MutateOnce(std::string& text, Random& random) const;

  std::vector<std::string> lines_;   // every distinct line of the corpus
  std::vector<std::string> keys_;    // every distinct mapping key
  std::vector<std::string> values_;  // every distinct scalar value
};

}  // namespace fuzz
