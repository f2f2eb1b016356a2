#include "tools/experiment/capsule.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "model/version.h"
#include "tools/experiment/record.h"
#include "tools/experiment/record_format.h"
#include "tools/experiment/version.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;

// "path:line:column" of a byte offset in text (1-based).
std::string PlaceOf(std::string_view text, const std::string& path, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return fmt::format("{}:{}:{}", path, line, column);
}

}  // namespace

std::string FaultsYaml(const model::ModelConfig& config) {
  if (config.faults.empty()) return "faults: []\n";
  std::string out = "faults:\n";
  for (const model::FaultConfig& fault : config.faults) {
    out += "  - " + model::FaultYaml(fault) + "\n";
  }
  return out;
}

std::string MakeCapsule(const Scenario& scenario, const ScenarioRun& run) {
  // What ran, as it was loaded: the file may have changed since.
  std::string keys;
  if (const auto& list = scenario.model.workload.key_list; list != nullptr) {
    for (const std::uint64_t id : list->id_by_rank) keys += list->by_id[id] + "\n";
  }
  const model::RunResult& r = run.record.result;
  Json knobs = Json::object();
  for (const auto& [path, value] : run.record.context.knobs) knobs[path] = value;
  Json capsule = {
      {"capsule", kCapsuleFormat},
      {"model_version", model::kModelVersion},
      {"commit", BuildCommit()},
      {"scenario_file", scenario.file},
      {"scenario_text", scenario.text},
      {"key_file_text", keys},
      {"seed", r.seed},
      {"sets", scenario.overrides},
      {"configuration", run.record.context.configuration},
      {"knobs", std::move(knobs)},
      {"faults", FaultsYaml(run.config)},
      {"trace_hash", HexHash(r.trace_hash)},
      {"outcome", model::RunOutcomeName(r.outcome)},
      {"lost", r.at_end.lost},
      {"lost_at_cutover", r.at_cutover.lost},
      {"misses", run.misses},
      {"reproduce", ReproduceCommand(scenario.file, r.seed, scenario.overrides)},
  };
  return capsule.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

sim::Result<Capsule, std::string> ReadCapsule(std::string_view text, const std::string& path) {
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::parse_error& error) {
    return sim::Err(fmt::format("{}: not JSON: {}", PlaceOf(text, path, error.byte - 1),
                                JsonErrorReason(error.what())));
  } catch (const Json::exception& error) {  // a number out of range: 1e400
    return sim::Err(fmt::format("{}:1:1: not a capsule: {}", path, JsonErrorReason(error.what())));
  }
  const auto fail = [&](std::string_view why) {
    return sim::Err(fmt::format("{}:1:1: not a capsule: {}", path, why));
  };
  if (!json.is_object()) return fail("a capsule is a JSON object");
  const auto unsigned_field = [&](const char* name, std::uint64_t& out) -> bool {
    const auto it = json.find(name);
    if (it == json.end() || !it->is_number_unsigned()) return false;
    out = it->get<std::uint64_t>();
    return true;
  };
  const auto string_field = [&](const char* name, std::string& out) -> bool {
    const auto it = json.find(name);
    if (it == json.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  Capsule c;
  std::uint64_t format = 0;
  if (!unsigned_field("capsule", format) || format != kCapsuleFormat) {
    return fail(
        fmt::format("\"capsule\" must be {} (this cutover-sim's capsule format)", kCapsuleFormat));
  }
  for (const auto& [name, out] :
       {std::pair{"model_version", &c.model_version}, std::pair{"seed", &c.seed}}) {
    if (!unsigned_field(name, *out)) {
      return fail(fmt::format("\"{}\" must be a non-negative integer", name));
    }
  }
  for (const auto& [name, out] :
       {std::pair{"commit", &c.commit}, std::pair{"scenario_file", &c.scenario_file},
        std::pair{"scenario_text", &c.scenario_text},
        std::pair{"key_file_text", &c.key_file_text}}) {
    if (!string_field(name, *out)) return fail(fmt::format("\"{}\" must be a string", name));
  }
  const auto sets = json.find("sets");
  if (sets == json.end() || !sets->is_array()) return fail("\"sets\" must be a list of strings");
  for (const Json& set : *sets) {
    if (!set.is_string()) return fail("\"sets\" must be a list of strings");
    c.sets.push_back(set.get<std::string>());
  }
  std::string hash;
  if (!string_field("trace_hash", hash) || hash.size() != 16 ||
      hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return fail("\"trace_hash\" must be 16 hex digits");
  }
  c.trace_hash = std::stoull(hash, nullptr, 16);
  return c;
}

}  // namespace tools
