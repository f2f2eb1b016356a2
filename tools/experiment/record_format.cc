#include "tools/experiment/record_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "sim/check.h"
#include "tools/experiment/record.h"

namespace tools {
namespace record_format {
namespace {

using model::RunResult;
using Json = nlohmann::ordered_json;

// Each accessor names one place in a Record; `+` makes it a plain function.
#define FIELD_REF(expression) \
  +[](Record & r) -> auto& {  \
    return expression;        \
  }

}  // namespace

const std::vector<Field>& Fields() {
  static const std::vector<Field> fields = {
      {"scenario", FIELD_REF(r.result.scenario)},
      {"file", FIELD_REF(r.context.file)},
      {"seed", FIELD_REF(r.result.seed)},
      {"params", FIELD_REF(r.context.params)},
      {"configuration", FIELD_REF(r.context.configuration), Presence::kOptional},
      {"fault_mix", FIELD_REF(r.context.fault_mix), Presence::kOptional},
      {"knobs", FIELD_REF(r.context.knobs), Presence::kOptional},
      {"outcome", FIELD_REF(r.result.outcome)},
      {"reason", FIELD_REF(r.result.reason)},
      {"phase_reached", FIELD_REF(r.result.phase_reached)},
      {"writes.submitted", FIELD_REF(r.result.writes.submitted)},
      {"writes.acked", FIELD_REF(r.result.writes.acked)},
      {"writes.failed", FIELD_REF(r.result.writes.failed)},
      {"writes.unknown", FIELD_REF(r.result.writes.unknown)},
      {"acked_docs", FIELD_REF(r.result.at_end.acked_docs)},
      {"lost_at_cutover", FIELD_REF(r.result.at_cutover.lost)},
      {"lost", FIELD_REF(r.result.at_end.lost)},
      {"divergent", FIELD_REF(r.result.at_end.divergent)},
      {"resurrected", FIELD_REF(r.result.at_end.resurrected)},
      {"causes", FIELD_REF(r.result.causes), Presence::kOptional},
      {"loss_rate", FIELD_REF(r.result.at_end.loss_rate)},
      {"acked_docs_at_cutover", FIELD_REF(r.result.at_cutover.acked_docs)},
      {"loss_rate_at_cutover", FIELD_REF(r.result.at_cutover.loss_rate)},
      {"divergent_at_cutover", FIELD_REF(r.result.at_cutover.divergent)},
      {"acked_puts", FIELD_REF(r.result.destroyed.acked_puts), Presence::kOptional},
      {"destroyed", FIELD_REF(r.result.destroyed.destroyed), Presence::kOptional},
      {"destroyed_rate", FIELD_REF(r.result.destroyed.rate), Presence::kOptional},
      {"exposure.docs", FIELD_REF(r.result.exposure.docs), Presence::kOptional},
      {"exposure.temporary", FIELD_REF(r.result.exposure.temporary), Presence::kOptional},
      {"exposure.permanent", FIELD_REF(r.result.exposure.permanent), Presence::kOptional},
      {"exposure.missing_doc_s", FIELD_REF(r.result.exposure.missing_doc_seconds),
       Presence::kOptional},
      {"exposure.longest_gap_s", FIELD_REF(r.result.exposure.longest_gap_s), Presence::kOptional},
      {"migrated_docs", FIELD_REF(r.result.counters.migrated_docs)},
      {"delta_docs", FIELD_REF(r.result.counters.delta_docs)},
      {"ae_repairs", FIELD_REF(r.result.counters.ae_repairs)},
      {"ae_divergent", FIELD_REF(r.result.counters.ae_divergent)},
      {"ae_passes", FIELD_REF(r.result.counters.ae_passes)},
      {"drain.duration_ns", FIELD_REF(r.result.counters.drain_duration)},
      {"drain.timed_out", FIELD_REF(r.result.counters.drain_timed_out)},
      {"drain.stuck_failed", FIELD_REF(r.result.counters.stuck_failed)},
      {"cdc.events", FIELD_REF(r.result.cdc.events)},
      {"cdc.suppressed", FIELD_REF(r.result.cdc.suppressed)},
      {"cdc.anomalies", FIELD_REF(r.result.cdc.anomalies)},
      {"cdc.missing", FIELD_REF(r.result.cdc.missing), Presence::kOptional},
      {"cdc.duplicated", FIELD_REF(r.result.cdc.duplicated), Presence::kOptional},
      {"cdc.leaked", FIELD_REF(r.result.cdc.leaked), Presence::kOptional},
      {"held_writes", FIELD_REF(r.result.counters.held_writes)},
      {"rejected_writes", FIELD_REF(r.result.counters.rejected_writes)},
      {"migrations", FIELD_REF(r.result.migrations)},
      {"swarm_faults", FIELD_REF(r.context.swarm_faults)},
      {"expect", FIELD_REF(r.context.verdicts), Presence::kOptional},
      {"model_version", FIELD_REF(r.context.model_version), Presence::kOptional},
      {"commit", FIELD_REF(r.context.commit), Presence::kOptional},
      {"sim_time_ns", FIELD_REF(r.result.sim_time)},
      {"events", FIELD_REF(r.result.events)},
      {"trace_hash", FIELD_REF(r.result.trace_hash), Presence::kRequired, /*hex=*/true},
      {"wall_ms", FIELD_REF(r.context.wall_ms)},
      {"speed.events_per_s", FIELD_REF(r.context.speed.events_per_s), Presence::kOptional},
      {"speed.sim_s_per_wall_s", FIELD_REF(r.context.speed.sim_s_per_wall_s),
       Presence::kOptional},
      {"speed.peak_rss_mib", FIELD_REF(r.context.speed.peak_rss_mib), Presence::kOptional},
      {"grid", FIELD_REF(r.grid), Presence::kOptional},
  };
  return fields;
}

#undef FIELD_REF

namespace {

Json::json_pointer Pointer(std::string_view path) {
  std::string pointer = "/" + std::string(path);
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  return Json::json_pointer(pointer);
}

// ---- writing: a value as JSON.

struct ToJson {
  bool hex;
  Json operator()(const std::string& v) const { return v; }
  Json operator()(std::uint64_t v) const { return hex ? Json(HexHash(v)) : Json(v); }
  Json operator()(std::int64_t v) const { return v; }
  Json operator()(double v) const { return v; }
  Json operator()(bool v) const { return v; }
  Json operator()(model::RunOutcome v) const { return model::RunOutcomeName(v); }
  Json operator()(const Params& v) const {
    Json out = Json::object();
    for (const auto& [path, value] : v) out[path] = value;
    return out;
  }
  Json operator()(const std::vector<std::string>& v) const { return v; }
  Json operator()(const std::vector<model::MigrationOutcome>& v) const {
    Json out = Json::array();
    for (const model::MigrationOutcome& m : v) {
      out.push_back({{"node", m.node},
                     {"outcome", m.outcome},
                     {"reason", m.reason},
                     {"phase_reached", m.phase_reached}});
    }
    return out;
  }
  Json operator()(const std::vector<RecordVerdict>& v) const {
    Json out = Json::array();
    for (const RecordVerdict& verdict : v) {
      out.push_back({{"name", verdict.name},
                     {"expected", verdict.expected},
                     {"actual", verdict.actual},
                     {"held", verdict.held}});
    }
    return out;
  }
  Json operator()(const std::optional<GridPlace>& v) const {
    return Json{{"index", v->index}, {"combination", v->combination}};
  }
  Json operator()(const model::CauseCounts& v) const {
    Json out = Json::object();
    for (std::size_t c = 0; c < v.size(); ++c) {
      if (v[c] != 0) out[std::string(model::LossCauseName(static_cast<model::LossCause>(c)))] = v[c];
    }
    return out;
  }
};

// ---- reading: a JSON value into its place, or why it does not fit.

using Why = std::optional<std::string>;  // a sentence when the value does not fit

std::string Shown(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Why ReadString(const Json& j, std::string& out) {
  if (!j.is_string()) return fmt::format("must be a string, not {}", Shown(j));
  out = j.get<std::string>();
  return std::nullopt;
}

Why ReadUnsigned(const Json& j, std::uint64_t& out) {
  if (!j.is_number_unsigned())
    return fmt::format("must be a non-negative integer, not {}", Shown(j));
  out = j.get<std::uint64_t>();
  return std::nullopt;
}

// A parameter's value as the --set text that reproduces it: a string as it
// is, a number or boolean as written.
Why ReadParams(const Json& j, Params& out) {
  if (!j.is_object()) return fmt::format("must be an object, not {}", Shown(j));
  for (const auto& [path, value] : j.items()) {
    if (value.is_string()) {
      out.emplace_back(path, value.get<std::string>());
    } else if (value.is_number() || value.is_boolean()) {
      out.emplace_back(path, value.dump());
    } else {
      return fmt::format("must map paths to values, not \"{}\" to {}", path, Shown(value));
    }
  }
  return std::nullopt;
}

// An array of objects whose string fields are named.
template <typename T>
Why ReadObjects(const Json& j, std::vector<T>& out,
                const std::vector<std::pair<const char*, std::string T::*>>& strings,
                bool T::*flag = nullptr, const char* flag_name = nullptr) {
  if (!j.is_array()) return fmt::format("must be a list, not {}", Shown(j));
  for (const Json& item : j) {
    if (!item.is_object()) return fmt::format("must be a list of objects, not {}", Shown(j));
    T& value = out.emplace_back();
    for (const auto& [name, member] : strings) {
      const auto it = item.find(name);
      if (it == item.end() || !it->is_string()) {
        return fmt::format("needs a string \"{}\" in each item, not {}", name, Shown(item));
      }
      value.*member = it->template get<std::string>();
    }
    if (flag != nullptr) {
      const auto it = item.find(flag_name);
      if (it == item.end() || !it->is_boolean()) {
        return fmt::format("needs a boolean \"{}\" in each item, not {}", flag_name, Shown(item));
      }
      value.*flag = it->template get<bool>();
    }
  }
  return std::nullopt;
}

struct FromJson {
  const Json& j;
  bool hex;

  Why operator()(std::string& out) const { return ReadString(j, out); }
  Why operator()(std::uint64_t& out) const {
    if (!hex) return ReadUnsigned(j, out);
    const std::string text = j.is_string() ? j.get<std::string>() : "";
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, out, 16);
    if (text.size() != 16 || error != std::errc() || stop != end) {
      return fmt::format("must be 16 hex digits, not {}", Shown(j));
    }
    return std::nullopt;
  }
  Why operator()(std::int64_t& out) const {
    if (!j.is_number_integer()) return fmt::format("must be an integer, not {}", Shown(j));
    if (j.is_number_unsigned() && j.get<std::uint64_t>() > INT64_MAX) {
      return fmt::format("must be at most {}, not {}", INT64_MAX, Shown(j));
    }
    out = j.get<std::int64_t>();
    return std::nullopt;
  }
  Why operator()(double& out) const {
    if (!j.is_number()) return fmt::format("must be a number, not {}", Shown(j));
    out = j.get<double>();
    return std::nullopt;
  }
  Why operator()(bool& out) const {
    if (!j.is_boolean()) return fmt::format("must be true or false, not {}", Shown(j));
    out = j.get<bool>();
    return std::nullopt;
  }
  Why operator()(model::RunOutcome& out) const {
    const auto outcome =
        j.is_string() ? model::ParseRunOutcome(j.get<std::string>()) : std::nullopt;
    if (!outcome) {
      std::string names;
      for (std::size_t i = 0; i < model::kRunOutcomeNames.size(); ++i) {
        names += i == 0 ? "" : i + 1 == model::kRunOutcomeNames.size() ? " or " : ", ";
        names += model::kRunOutcomeNames[i];
      }
      return fmt::format("must be {}, not {}", names, Shown(j));
    }
    out = *outcome;
    return std::nullopt;
  }
  Why operator()(Params& out) const { return ReadParams(j, out); }
  Why operator()(std::vector<std::string>& out) const {
    if (!j.is_array()) return fmt::format("must be a list of strings, not {}", Shown(j));
    for (const Json& item : j) {
      if (ReadString(item, out.emplace_back())) {
        return fmt::format("must be a list of strings, not {}", Shown(j));
      }
    }
    return std::nullopt;
  }
  Why operator()(std::vector<model::MigrationOutcome>& out) const {
    using M = model::MigrationOutcome;
    return ReadObjects<M>(j, out,
                          {{"node", &M::node},
                           {"outcome", &M::outcome},
                           {"reason", &M::reason},
                           {"phase_reached", &M::phase_reached}});
  }
  Why operator()(std::vector<RecordVerdict>& out) const {
    using V = RecordVerdict;
    return ReadObjects<V>(j, out,
                          {{"name", &V::name}, {"expected", &V::expected}, {"actual", &V::actual}},
                          &V::held, "held");
  }
  Why operator()(std::optional<GridPlace>& out) const {
    if (!j.is_object()) return fmt::format("must be an object, not {}", Shown(j));
    GridPlace place;
    for (const auto& [name, member] : {std::pair{"index", &GridPlace::index},
                                       std::pair{"combination", &GridPlace::combination}}) {
      const auto it = j.find(name);
      if (it == j.end() || ReadUnsigned(*it, place.*member)) {
        return fmt::format("needs a non-negative integer \"{}\", not {}", name, Shown(j));
      }
    }
    out = place;
    return std::nullopt;
  }
  Why operator()(model::CauseCounts& out) const {
    if (!j.is_object()) return fmt::format("must be an object, not {}", Shown(j));
    for (const auto& [name, count] : j.items()) {
      const auto cause = model::ParseLossCause(name);
      if (!cause) return fmt::format("names no cause of loss: \"{}\"", name);
      if (ReadUnsigned(count, out[static_cast<std::size_t>(*cause)])) {
        return fmt::format("must map causes to counts, not \"{}\" to {}", name, Shown(count));
      }
    }
    return std::nullopt;
  }
};

// What no single field can say wrong on its own.
Why Inconsistency(const RunResult& r) {
  if (r.scenario.empty()) return "field \"scenario\" must not be empty";
  for (const auto* checkpoint : {&r.at_end, &r.at_cutover}) {
    const bool end = checkpoint == &r.at_end;
    if (checkpoint->lost > checkpoint->acked_docs) {
      return fmt::format("\"{}\" {} is more than \"{}\" {}", end ? "lost" : "lost_at_cutover",
                         checkpoint->lost, end ? "acked_docs" : "acked_docs_at_cutover",
                         checkpoint->acked_docs);
    }
    if (!(checkpoint->loss_rate >= 0 && checkpoint->loss_rate <= 1)) {
      return fmt::format("\"{}\" {} is not within [0, 1]",
                         end ? "loss_rate" : "loss_rate_at_cutover", checkpoint->loss_rate);
    }
  }
  std::uint64_t explained = 0;
  for (const std::uint64_t count : r.causes) explained += count;
  if (explained != 0 && explained != r.at_end.lost + r.at_end.resurrected) {
    return fmt::format("\"causes\" count {} documents, not \"lost\" + \"resurrected\" = {}",
                       explained, r.at_end.lost + r.at_end.resurrected);
  }
  return std::nullopt;
}

}  // namespace
}  // namespace record_format

std::string JsonErrorReason(const std::string& what) {
  const std::size_t column = what.find("column ");
  if (column != std::string::npos) {  // "... at line 1, column 5: syntax error ..."
    const std::size_t colon = what.find(": ", column);
    if (colon != std::string::npos) return what.substr(colon + 2);
  }
  const std::size_t bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

std::string WriteRecordLine(const Record& record) {
  using namespace record_format;
  // The accessors only read here; they take a Record& so that the reader
  // can share them.
  Record& r = const_cast<Record&>(record);
  Json json = Json::object();
  for (const Field& field : Fields()) {
    const bool absent = std::visit(
        [&](auto ref) {
          if constexpr (std::is_same_v<decltype(ref), Ref<std::optional<GridPlace>>>) {
            return !ref(r).has_value();
          } else {
            return false;
          }
        },
        field.ref);
    if (absent) continue;
    json[Pointer(field.path)] =
        std::visit([&](auto ref) { return ToJson{field.hex}(ref(r)); }, field.ref);
  }
  return json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

sim::Result<Record, RecordError> ReadRecordLine(std::string_view line) {
  using namespace record_format;
  const auto fail = [](std::string what) { return sim::Err(RecordError{std::nullopt, what}); };
  Json json;
  try {
    json = Json::parse(line);
  } catch (const Json::parse_error& error) {
    return sim::Err(RecordError{error.byte, "not JSON: " + JsonErrorReason(error.what())});
  } catch (const Json::exception& error) {  // a number out of range: 1e400
    return fail("not a result record: " + JsonErrorReason(error.what()));
  }
  if (!json.is_object()) {
    return fail(fmt::format("not a result record: a JSON {}, not an object", json.type_name()));
  }
  Record record;
  for (const Field& field : Fields()) {
    const Json::json_pointer pointer = Pointer(field.path);
    if (!json.contains(pointer)) {
      if (field.presence == Presence::kOptional) continue;
      return fail(fmt::format("missing field \"{}\"", field.path));
    }
    const Why why = std::visit(
        [&](auto ref) {
          return FromJson{json.at(pointer), field.hex}(ref(record));
        },
        field.ref);
    if (why) return fail(fmt::format("field \"{}\" {}", field.path, *why));
  }
  if (const Why why = Inconsistency(record.result)) return fail(*why);
  return record;
}

std::string RunKeyPrefix(std::string_view scenario, const Params& params) {
  Params sorted = params;
  std::sort(sorted.begin(), sorted.end());
  nlohmann::json key = nlohmann::json::array({scenario});
  for (const auto& [path, value] : sorted) key.push_back({path, value});
  return key.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "#";
}

std::string RunKey(std::string_view scenario, const Params& params, std::uint64_t seed) {
  return RunKeyPrefix(scenario, params) + std::to_string(seed);
}

}  // namespace tools
