#include "tools/experiment/shrink.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <variant>

#include "model/fault_kinds.h"
#include "sim/check.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/document.h"
#include "tools/scenario/key_file.h"
#include "tools/scenario/scenario.h"

namespace tools {
namespace {

using model::FaultConfig;
using sim::Time;

constexpr Time kShortest = 2 * sim::kMillisecond;  // a window is not halved below this

// What shrinking changes: the faults, then the workload's size.
struct Candidate {
  std::vector<FaultConfig> faults;
  std::uint64_t writes = 0;
  std::uint64_t preload = 0;
  std::uint64_t space = 0;
};

std::optional<Time> Half(Time t) {
  if (t == sim::kForever || t < kShortest) return std::nullopt;
  return t / 2;
}

// Each variant of the fault one step smaller: a shorter window, a smaller
// magnitude.
std::vector<FaultConfig> Narrower(const FaultConfig& fault) {
  std::vector<FaultConfig> out;
  const auto with = [&](auto changed) { out.push_back(changed); };
  std::visit(
      [&](const auto& f) {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, model::WriteFailure>) {
          if (f.until && f.until->phase == f.from.phase && f.until->offset - f.from.offset >= kShortest) {
            F g = f;
            g.until->offset = f.from.offset + (f.until->offset - f.from.offset) / 2;
            with(g);
          }
          if (f.every == 0 && f.probability >= 0.002) {
            F g = f;
            g.probability = f.probability / 2;
            with(g);
          }
        } else if constexpr (std::is_same_v<F, model::Crash>) {
          if (const auto half = Half(f.restart_after)) {
            F g = f;
            g.restart_after = *half;
            with(g);
          }
        } else {
          if (const auto half = Half(f.duration)) {
            F g = f;
            g.duration = *half;
            with(g);
          }
          if constexpr (std::is_same_v<F, model::Slow>) {
            if (f.latency_factor > 2) {
              F g = f;
              g.latency_factor = std::max<std::uint32_t>(2, f.latency_factor / 2);
              with(g);
            }
          } else if constexpr (std::is_same_v<F, model::ClockSkew>) {
            if (f.offset >= kShortest || f.offset <= -kShortest) {
              F g = f;
              g.offset = f.offset / 2;
              with(g);
            }
          }
        }
      },
      fault);
  return out;
}

class Shrinker {
 public:
  Shrinker(ParsedScenario parsed, std::vector<std::string> base, std::uint64_t seed,
           const ShrinkOptions& options, const std::function<void(const std::string&)>& say)
      : parsed_(std::move(parsed)), base_(std::move(base)), seed_(seed), options_(options),
        say_(say), start_(std::chrono::steady_clock::now()) {}

  std::vector<std::string> Sets(const Candidate& c, const Candidate& original) const {
    std::vector<std::string> sets = base_;
    std::string faults;
    for (const FaultConfig& f : c.faults) faults += (faults.empty() ? "" : ", ") + model::FaultYaml(f);
    sets.push_back("swarm.max_faults=0");
    sets.push_back("faults=[" + faults + "]");
    if (c.writes != original.writes) sets.push_back(fmt::format("workload.writes={}", c.writes));
    if (c.preload != original.preload) sets.push_back(fmt::format("workload.preload={}", c.preload));
    if (c.space != original.space) sets.push_back(fmt::format("workload.keys.space={}", c.space));
    return sets;
  }

  // Whether the candidate still misses the expectation; false when it does
  // not load, and when the budget is spent (noted).
  // The first check (`budgeted` false) is not counted against the budget.
  bool Fails(const Candidate& c, const Candidate& original, bool budgeted = true) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (budgeted && (runs_ >= options_.max_runs || seconds > options_.max_seconds)) {
      out_of_budget_ = true;
      return false;
    }
    runs_ += budgeted;
    const auto loaded = LoadGridPoint(parsed_, Sets(c, original));
    if (!loaded.has_value()) return false;
    return Misses(RunScenario(loaded.value(), seed_, false));
  }

  bool Misses(const ScenarioRun& run) const {
    for (const RecordVerdict& v : run.record.context.verdicts) {
      if (v.name == target_ && !v.held) return true;
    }
    return false;
  }

  // ddmin over the faults: the smallest subset (1-minimal) that still misses.
  void RemoveFaults(Candidate& c, const Candidate& original) {
    Candidate none = c;
    none.faults.clear();
    if (!c.faults.empty() && Fails(none, original)) {
      c = none;
      return;
    }
    std::size_t n = 2;
    while (c.faults.size() >= 2 && !out_of_budget_) {
      const std::size_t size = c.faults.size();
      n = std::min(n, size);
      bool reduced = false;
      for (int complement = 0; complement < 2 && !reduced; ++complement) {
        for (std::size_t i = 0; i < n && !reduced; ++i) {
          const std::size_t begin = i * size / n;
          const std::size_t end = (i + 1) * size / n;
          Candidate next = c;
          next.faults.clear();
          for (std::size_t k = 0; k < size; ++k) {
            if ((k >= begin && k < end) != (complement == 1)) next.faults.push_back(c.faults[k]);
          }
          if (next.faults.size() == size || !Fails(next, original)) continue;
          c = std::move(next);
          n = complement == 0 ? 2 : std::max<std::size_t>(n - 1, 2);
          reduced = true;
        }
      }
      if (!reduced) {
        if (n >= size) break;
        n = std::min(size, 2 * n);
      }
    }
  }

  void Narrow(Candidate& c, const Candidate& original) {
    for (std::size_t i = 0; i < c.faults.size(); ++i) {
      for (bool narrowed = true; narrowed && !out_of_budget_;) {
        narrowed = false;
        for (const FaultConfig& smaller : Narrower(c.faults[i])) {
          Candidate next = c;
          next.faults[i] = smaller;
          if (!Fails(next, original)) continue;
          c = std::move(next);
          narrowed = true;
          break;
        }
      }
      say_(fmt::format("shrink: fault {} narrowed to {} ({} runs so far)", i + 1,
                       model::FaultLine(c.faults[i]), runs_));
    }
  }

  // Halves one workload size while the expectation still misses.
  void Lower(Candidate& c, const Candidate& original, std::uint64_t Candidate::*size,
             const char* path, std::uint64_t least) {
    const std::uint64_t before = c.*size;
    while (c.*size > least && !out_of_budget_) {
      Candidate next = c;
      next.*size = std::max(least, c.*size / 2);
      if (!Fails(next, original)) break;
      c = std::move(next);
    }
    if (c.*size != before) say_(fmt::format("shrink: {} {} -> {}", path, before, c.*size));
  }

  std::string target_;
  ParsedScenario parsed_;
  std::vector<std::string> base_;
  std::uint64_t seed_;
  ShrinkOptions options_;
  const std::function<void(const std::string&)>& say_;
  std::chrono::steady_clock::time_point start_;
  std::uint64_t runs_ = 0;
  bool out_of_budget_ = false;
};

// The parsed file with the sets grafted in, the swarm gone, the seed and a
// description set: the text of a scenario that runs the candidate.
std::string MinimalYaml(DocNode root, const std::vector<std::string>& sets, std::uint64_t seed,
                        const std::string& description) {
  for (std::size_t i = 0; i < sets.size(); ++i) {
    auto set = ParseOverride(sets[i], static_cast<int>(i));
    SIM_ASSERT(set.has_value(), "shrink's own --set {}: {}", sets[i], set.error());
    const auto grafted =
        GraftOverride(root, set.value().path, std::move(set.value().value), DocOrigin{});
    SIM_ASSERT(grafted.has_value(), "shrink's own --set {}: {}", sets[i], grafted.error());
  }
  std::erase_if(root.entries, [](const DocEntry& e) { return e.key == "swarm"; });
  const auto scalar = [](std::string text, bool quoted) {
    DocNode node;
    node.kind = DocNode::Kind::kScalar;
    node.text = std::move(text);
    node.quoted = quoted;
    return node;
  };
  for (const auto& [key, value] : {std::pair{"seed", scalar(std::to_string(seed), false)},
                                   std::pair{"description", scalar(description, true)}}) {
    if (DocNode* node = root.Find(key)) {
      *node = value;
    } else {
      root.entries.push_back(DocEntry{key, DocOrigin{}, value});
    }
  }
  return ToBlockYaml(root);
}

}  // namespace

sim::Result<Shrunk, std::string> Shrink(const std::string& file, const std::vector<std::string>& sets,
                                        std::uint64_t seed, const ShrinkOptions& options,
                                        const std::function<void(const std::string&)>& say) {
  auto loaded = LoadScenarioFile(file, sets);
  if (!loaded.has_value()) return sim::Err(loaded.error().message);
  auto parsed = ParseScenarioFile(file);
  if (!parsed.has_value()) return sim::Err(parsed.error().message);
  const Scenario& scenario = loaded.value();
  Shrinker shrinker(std::move(parsed).value(), sets, seed, options, say);
  const ScenarioRun first = RunScenario(scenario, seed, false);
  for (const RecordVerdict& v : first.record.context.verdicts) {
    if (!v.held) {
      shrinker.target_ = v.name;
      break;
    }
  }
  if (shrinker.target_.empty()) {
    return sim::Err(fmt::format("{}: at seed {} the run meets every expectation it states: "
                                "nothing to shrink (shrink starts from a seed that misses)",
                                file, seed));
  }
  Candidate original;
  original.faults = first.config.faults;
  original.writes = scenario.model.workload.writes;
  original.preload = scenario.model.workload.preload;
  original.space = scenario.model.workload.key_space;
  Shrunk out;
  out.expectation = shrinker.target_;
  out.faults_before = original.faults.size();
  say(fmt::format("shrink: {} misses at seed {} with {} faults ({} drawn by the swarm)",
                  shrinker.target_, seed, original.faults.size(),
                  first.record.context.swarm_faults.size()));
  SIM_ASSERT(shrinker.Fails(original, original, /*budgeted=*/false),
             "the run's faults as explicit ones no longer miss {}", shrinker.target_);
  Candidate c = original;
  shrinker.RemoveFaults(c, original);
  say(fmt::format("shrink: faults {} -> {} ({} runs so far)", original.faults.size(),
                  c.faults.size(), shrinker.runs_));
  shrinker.Narrow(c, original);
  shrinker.Lower(c, original, &Candidate::writes, "workload.writes", 1);
  if (scenario.model.workload.key_list == nullptr) {  // a key file fixes the keys
    shrinker.Lower(c, original, &Candidate::preload, "workload.preload", 0);
    shrinker.Lower(c, original, &Candidate::space, "workload.keys.space", 1);
  }
  std::vector<std::string> final_sets = shrinker.Sets(c, original);
  // A key file named relative to the original is named whole, so the
  // minimal scenario runs from wherever it is written.
  const std::string& key_file = scenario.model.workload.key_file;
  if (!key_file.empty() && !std::filesystem::path(key_file).is_absolute()) {
    final_sets.push_back("workload.keys.file=" +
                         std::filesystem::absolute(KeyFilePath(file, key_file)).string());
  }
  out.sets = final_sets;
  out.sets.erase(out.sets.begin(), out.sets.begin() + static_cast<std::ptrdiff_t>(sets.size()));
  out.faults_after = c.faults.size();
  out.runs = shrinker.runs_;
  out.out_of_budget = shrinker.out_of_budget_;
  out.yaml = MinimalYaml(shrinker.parsed_.root, final_sets, seed,
                         fmt::format("{} at seed {}, shrunk by cutover-sim shrink: still misses {}",
                                     file, seed, shrinker.target_));
  // The text must be what was shrunk: it loads and still misses.
  const auto check = LoadScenarioText(out.yaml, file);  // key files as beside the original
  SIM_ASSERT(check.has_value(), "the shrunk scenario does not load: {}", check.error().message);
  SIM_ASSERT(shrinker.Misses(RunScenario(check.value(), seed, false)),
             "the shrunk scenario no longer misses {}", shrinker.target_);
  return out;
}

}  // namespace tools
