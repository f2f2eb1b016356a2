// The mutation pass CI runs (tests/fuzz/fuzz.cmake): COUNT mutants of the
// scenario files under the corpus directories, drawn from SEED, so every run
// checks the same files. Each goes through CheckScenario: one clean error
// line or a bounded run, no exception, and (every tenth run) the same trace
// hash twice; the sanitizers of the build report memory errors and undefined
// behaviour by ending the process.
//
//   fuzz_mutation_pass DIR... [--count N] [--seed S] [--only I] [--failures DIR]
//
// Each failing mutant is written to the --failures directory (default: the
// working directory); a mutant that ends the process is left there as
// current.yaml. --only I re-checks mutant I alone. Exit 0 when no case had a
// problem, 1 when one did, 2 on bad arguments.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/fuzz/mutator.h"
#include "tests/fuzz/scenario_harness.h"

namespace {

namespace fs = std::filesystem;

struct Options {
  std::vector<std::string> corpus_dirs;
  std::uint64_t count = 1000;
  std::uint64_t seed = 1;
  std::optional<std::uint64_t> only;
  fs::path failures = ".";
};

std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto number = [&]() -> std::optional<std::uint64_t> {
      if (i + 1 >= argc) return std::nullopt;
      try {
        return std::stoull(argv[++i]);
      } catch (const std::exception&) {
        return std::nullopt;
      }
    };
    std::optional<std::uint64_t> value;
    if (arg == "--count") {
      if (!(value = number())) return std::nullopt;
      options.count = *value;
    } else if (arg == "--seed") {
      if (!(value = number())) return std::nullopt;
      options.seed = *value;
    } else if (arg == "--only") {
      if (!(value = number())) return std::nullopt;
      options.only = *value;
    } else if (arg == "--failures" && i + 1 < argc) {
      options.failures = argv[++i];
    } else if (arg.rfind("--", 0) == 0) {
      return std::nullopt;
    } else {
      options.corpus_dirs.push_back(arg);
    }
  }
  if (options.corpus_dirs.empty()) return std::nullopt;
  return options;
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = ParseOptions(argc, argv);
  if (!options) {
    std::fputs(
        "usage: fuzz_mutation_pass DIR... [--count N] [--seed S] [--only I] [--failures DIR]\n",
        stderr);
    return 2;
  }
  const std::vector<fuzz::CorpusFile> files = fuzz::ReadCorpus(options->corpus_dirs);
  if (files.empty()) {
    fmt::print(stderr, "fuzz_mutation_pass: no .yaml file under the corpus directories\n");
    return 2;
  }
  std::vector<std::string> texts;
  for (const fuzz::CorpusFile& file : files) texts.push_back(file.text);
  const fuzz::ScenarioMutator mutator(texts);
  std::string recheck = argv[0];
  for (const std::string& dir : options->corpus_dirs) recheck += " " + dir;
  recheck += fmt::format(" --seed {} --only", options->seed);
  fs::create_directories(options->failures);

  const auto started = std::chrono::steady_clock::now();
  fuzz::Random draws(options->seed);
  std::map<fuzz::CaseResult, std::uint64_t> results;
  std::map<std::string, std::uint64_t> outcomes;
  std::uint64_t problems = 0;
  std::uint64_t runs = 0;
  for (std::uint64_t i = 0; i < options->count; ++i) {
    const std::size_t base = draws.Below(files.size());
    const std::uint64_t mutation_seed = draws.Next();
    if (options->only && *options->only != i) continue;
    const std::string mutant = mutator.Mutate(texts[base], mutation_seed);
    WriteFile(options->failures / "current.yaml", mutant);
    const bool twice = runs % 10 == 0;
    const fuzz::CaseReport report = fuzz::CheckScenario(mutant, "mutant.yaml", twice);
    ++results[report.result];
    if (report.result == fuzz::CaseResult::kRan) {
      ++runs;
      ++outcomes[report.outcome];
    }
    if (report.problem) {
      ++problems;
      const fs::path kept = options->failures / fmt::format("mutant-{}.yaml", i);
      WriteFile(kept, mutant);
      fmt::print(stderr, "mutant {} (of {}): {}\n  kept as {}; re-check: {} {}\n", i,
                 files[base].path, *report.problem, kept.string(), recheck, i);
    }
  }
  fs::remove(options->failures / "current.yaml");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string ran;
  for (const auto& [outcome, n] : outcomes) ran += fmt::format(" {} {}", outcome, n);
  fmt::print("mutation pass: {} mutants of {} files (seed {}) in {:.1f} s: {} refused, {} too big "
             "to run, {} ran (outcomes:{}); {} problems\n",
             options->only ? 1 : options->count, files.size(), options->seed, seconds,
             results[fuzz::CaseResult::kRefused], results[fuzz::CaseResult::kTooBig],
             results[fuzz::CaseResult::kRan], ran, problems);
  return problems == 0 ? 0 : 1;
}
