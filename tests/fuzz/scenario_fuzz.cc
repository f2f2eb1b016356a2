// The libFuzzer target of the scenario loader, built by tools/fuzz with
// clang. Every input goes through CheckScenario; a problem aborts, which
// libFuzzer reports as a finding and saves the input. Half the mutations are
// libFuzzer's own, half ScenarioMutator's, borrowing from the corpus
// directories on the command line (the scenarios/ seed corpus among them).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "tests/fuzz/mutator.h"
#include "tests/fuzz/scenario_harness.h"

namespace {
std::optional<fuzz::ScenarioMutator> mutator;
}  // namespace

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size,
                                        std::size_t max_size);

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  std::vector<std::string> dirs;
  for (int i = 1; i < *argc; ++i) {
    if ((*argv)[i][0] != '-') dirs.emplace_back((*argv)[i]);
  }
  std::vector<std::string> texts;
  for (fuzz::CorpusFile& file : fuzz::ReadCorpus(dirs)) texts.push_back(std::move(file.text));
  mutator.emplace(texts);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const fuzz::CaseReport report = fuzz::CheckScenario(text, "input.yaml", false);
  if (report.problem) {
    std::fprintf(stderr, "scenario fuzz: %s\n", report.problem->c_str());
    std::abort();
  }
  return 0;
}

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  if (seed % 2 == 0 || !mutator) return LLVMFuzzerMutate(data, size, max_size);
  std::string mutant =
      mutator->Mutate(std::string(reinterpret_cast<const char*>(data), size), seed);
  if (mutant.size() > max_size) mutant.resize(max_size);
  std::memcpy(data, mutant.data(), mutant.size());
  return mutant.size();
}
