// tools/scenario/knobs.h
//
// The knobs: every setting that picks one reading of the system under test
// (model/README.md, "Readings of the driver") or one of the original's
// choices, as opposed to a size or a time. One table: the loader reads them
// by it, and every record carries each knob's value by it, so a table can
// show what a run assumed without the YAML. A new knob is its field in
// model/config.h, its entry here, and the code that obeys it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/config.h"

namespace tools {

struct Knob {
  std::string_view block;  // "migrations" (one per migration), "router", "anti_entropy"
  std::string_view key;    // within the block: "cutover_writes"
  std::vector<std::string_view> values;  // names in the enum's order; {"false", "true"} for a bool
  std::size_t (*get)(const model::ModelConfig& config, std::size_t migration);
  void (*set)(model::ModelConfig& config, std::size_t migration, std::size_t value);

  bool boolean() const { return values.size() == 2 && values[0] == "false"; }
};

const std::vector<Knob>& Knobs();

// Each knob's value as (path, name): "migrations.0.cutover_writes" -> "hold",
// one per migration, then "router.ack" -> "any_reply", in table order.
std::vector<std::pair<std::string, std::string>> KnobValues(const model::ModelConfig& config);

}  // namespace tools
