// tests/model/faults.h
//
// The write-failure faults the model tests place again and again.
#pragma once

#include <string>

#include "model/config.h"

namespace model::testing {

// `node` fails `probability` of the writes it takes, for the whole run.
inline WriteFailure WriteFailures(const std::string& node, double probability) {
  WriteFailure f;
  f.node = node;
  f.probability = probability;
  f.from = {std::nullopt, 0};
  return f;
}

// The same, only while the migration is dual-writing: from
// phase:dual_write_migrating until phase:cutover_draining.
inline WriteFailure DualWriteFailures(const std::string& node, double probability) {
  WriteFailure f = WriteFailures(node, probability);
  f.from = {Phase::kDualWriteMigrating, 0};
  f.until = TimePointConfig{Phase::kCutoverDraining, 0};
  return f;
}

}  // namespace model::testing
