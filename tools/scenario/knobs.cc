#include "tools/scenario/knobs.h"

#include <fmt/format.h>

#include <type_traits>

namespace tools {
namespace {

using model::ModelConfig;

template <typename T>
std::size_t Index(T value) {
  return static_cast<std::size_t>(value);
}
template <typename T>
void Assign(T& field, std::size_t value) {
  field = static_cast<T>(value);
}

// A knob of each migration, at `Member` of MigrationConfig.
template <auto Member>
Knob MigrationKnob(std::string_view key, std::vector<std::string_view> values) {
  return {"migrations", key, std::move(values),
          [](const ModelConfig& c, std::size_t m) { return Index(c.migrations[m].*Member); },
          [](ModelConfig& c, std::size_t m, std::size_t v) { Assign(c.migrations[m].*Member, v); }};
}

// A knob of each migration's coordinator, at `Member` of CoordinatorSettings.
template <auto Member>
Knob CoordinatorKnob(std::string_view key, std::vector<std::string_view> values) {
  return {"migrations", key, std::move(values),
          [](const ModelConfig& c, std::size_t m) {
            return Index(c.migrations[m].coordinator.*Member);
          },
          [](ModelConfig& c, std::size_t m, std::size_t v) {
            Assign(c.migrations[m].coordinator.*Member, v);
          }};
}

const std::vector<std::string_view> kBool = {"false", "true"};

}  // namespace

const std::vector<Knob>& Knobs() {
  using model::CoordinatorSettings;
  using model::MigrationConfig;
  static const std::vector<Knob> knobs = {
      CoordinatorKnob<&CoordinatorSettings::skip_delta_pass>("skip_delta_pass", kBool),
      CoordinatorKnob<&CoordinatorSettings::anti_entropy_enabled>("anti_entropy_enabled", kBool),
      MigrationKnob<&MigrationConfig::allow_unsafe>("allow_unsafe", kBool),
      CoordinatorKnob<&CoordinatorSettings::delta_trigger>("delta_trigger",
                                                           {"candidates", "always"}),
      MigrationKnob<&MigrationConfig::cutover_writes>("cutover_writes",
                                                      {"hold", "reject", "route_old"}),
      MigrationKnob<&MigrationConfig::on_drain_timeout>("on_drain_timeout",
                                                        {"fail_stuck", "abort"}),
      MigrationKnob<&MigrationConfig::delta_scope>("delta_scope", {"shard", "candidates"}),
      CoordinatorKnob<&CoordinatorSettings::drain_settle>("drain_settle", {"count", "per_target"}),
      MigrationKnob<&MigrationConfig::recovery>("recovery", {"resume", "restart", "abandon"}),
      CoordinatorKnob<&CoordinatorSettings::dual_write_until>("dual_write_until",
                                                              {"shard_complete", "cutover"}),
      MigrationKnob<&MigrationConfig::split>("split", {"none", "per_shard"}),
      MigrationKnob<&MigrationConfig::copy>("copy", {"sequential", "parallel"}),
      CoordinatorKnob<&CoordinatorSettings::track_from>("track_from", {"dual_write", "begin"}),
      {"cluster",
       "node_apply",
       {"replace", "newest"},
       [](const ModelConfig& c, std::size_t) { return Index(c.cluster.node_apply); },
       [](ModelConfig& c, std::size_t, std::size_t v) { Assign(c.cluster.node_apply, v); }},
      {"router",
       "ack",
       {"any_reply", "success_only"},
       [](const ModelConfig& c, std::size_t) { return Index(c.router.ack); },
       [](ModelConfig& c, std::size_t, std::size_t v) { Assign(c.router.ack, v); }},
      {"anti_entropy", "enabled", kBool,
       [](const ModelConfig& c, std::size_t) { return Index(c.anti_entropy.enabled); },
       [](ModelConfig& c, std::size_t, std::size_t v) { Assign(c.anti_entropy.enabled, v); }},
  };
  return knobs;
}

std::vector<std::pair<std::string, std::string>> KnobValues(const ModelConfig& config) {
  std::vector<std::pair<std::string, std::string>> values;
  for (std::size_t m = 0; m < config.migrations.size(); ++m) {
    for (const Knob& knob : Knobs()) {
      if (knob.block != "migrations") continue;
      values.emplace_back(fmt::format("migrations.{}.{}", m, knob.key),
                          std::string(knob.values.at(knob.get(config, m))));
    }
  }
  for (const Knob& knob : Knobs()) {
    if (knob.block == "migrations") continue;
    values.emplace_back(fmt::format("{}.{}", knob.block, knob.key),
                        std::string(knob.values.at(knob.get(config, 0))));
  }
  return values;
}

}  // namespace tools
