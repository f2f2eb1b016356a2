// `cutover-sim replay CAPSULE.json`: a capsule's run again, from the files
// it carries alone, and whether its trace hash is the capsule's.
#include <fmt/format.h>
#include <stdlib.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>

#include "model/version.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"
#include "tools/experiment/capsule.h"
#include "tools/experiment/record.h"
#include "tools/experiment/version.h"
#include "tools/scenario/file_text.h"

namespace tools {
namespace {

namespace po = boost::program_options;

// A directory of its own under $TMPDIR, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                          "/cutover-replay-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code error;
    if (!path_.empty()) std::filesystem::remove_all(path_, error);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

}  // namespace

int ReplayCommand(const Args& args) {
  po::options_description options(
      "cutover-sim replay CAPSULE.json\n\n"
      "Runs a capsule (run --capsule) again from the scenario and key file it\n"
      "carries, and says whether the trace hash is the capsule's: exit 0 when it\n"
      "is (or when the capsule is of another model version, which is said), 1\n"
      "when it is not.\n\n"
      "options");
  options.add_options()("help,h", "this help")("capsule", po::value<std::string>(),
                                               "the capsule file");
  po::positional_options_description positional;
  positional.add("capsule", 1);
  const auto vm = ParseCommandLine(args, options, positional);
  if (!vm) return kExitOk;
  if (!vm->count("capsule")) {
    fmt::print(stderr, "cutover-sim replay: a capsule file is required (see --help)\n");
    return kExitUsage;
  }
  const std::string path = (*vm)["capsule"].as<std::string>();
  const auto text = ReadFileText(path, "capsule", 64u << 20);
  if (!text.has_value()) {
    fmt::print(stderr, "{}:1:1: {}\n", path, text.error());
    return kExitUsage;
  }
  const auto capsule = ReadCapsule(text.value(), path);
  if (!capsule.has_value()) {
    fmt::print(stderr, "{}\n", capsule.error());
    return kExitUsage;
  }
  const Capsule& c = capsule.value();
  const ScratchDir scratch;
  if (scratch.path().empty()) {
    fmt::print(stderr, "cutover-sim replay: cannot make a scratch directory\n");
    return kExitUsage;
  }
  // The scenario under its own name, so messages and records name it so;
  // its key file beside it, named by one more --set.
  std::string name = std::filesystem::path(c.scenario_file).filename().string();
  if (name.empty() || name == "." || name == "..") name = "scenario.yaml";
  const std::string scenario_path = scratch.path() + "/" + name;
  std::vector<std::string> sets = c.sets;
  bool written = WriteText(scenario_path, c.scenario_text);
  if (!c.key_file_text.empty()) {
    std::error_code error;
    std::filesystem::create_directory(scratch.path() + "/keys", error);
    const std::string keys = scratch.path() + "/keys/keys.txt";  // beside no scenario name
    written = written && !error && WriteText(keys, c.key_file_text);
    sets.push_back("workload.keys.file=" + keys);
  }
  if (!written) {
    fmt::print(stderr, "cutover-sim replay: cannot write into {}\n", scratch.path());
    return kExitUsage;
  }
  const auto loaded = LoadScenarioFile(scenario_path, sets);
  if (!loaded.has_value()) {
    fmt::print(stderr, "{}: the capsule's scenario does not load: {}\n", path,
               loaded.error().message);
    return kExitUsage;
  }
  const ScenarioRun run = RunScenario(loaded.value(), c.seed, false);
  fmt::print("{}", Summary(run.record));
  const std::uint64_t hash = run.record.result.trace_hash;
  if (c.model_version != model::kModelVersion) {
    fmt::print("{}\nreplay: trace hash {} (the capsule's, under model version {}: {})\n",
               VersionMismatch(c.model_version, "the capsule"), HexHash(hash), c.model_version,
               HexHash(c.trace_hash));
    return kExitOk;
  }
  if (hash == c.trace_hash) {
    fmt::print("replay: trace hash {} matches the capsule's (model version {})\n", HexHash(hash),
               c.model_version);
    return kExitOk;
  }
  fmt::print("replay: trace hash {} differs from the capsule's {}: the same model version {}, "
             "so the run changed (commit {} then, {} now)\n",
             HexHash(hash), HexHash(c.trace_hash), c.model_version, c.commit, BuildCommit());
  return kExitMissed;
}

}  // namespace tools
