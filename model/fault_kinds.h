// model/fault_kinds.h
//
// The faults a scenario can place, one struct per kind whose fields say
// what they are, and one table of their names and scenario keys. The
// loader, the swarm, the run, the describers and the schema test all go by
// them: a new kind is a struct here, its entry in kFaultKinds, its loading
// (tools/scenario/faults.cc) and its placing (model/run.cc); the compiler
// lists every std::visit that does not handle it yet. Nodes and targets are
// process names ("orchestrator" or a node); the loader has checked them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/phase.h"
#include "sim/fault.h"

namespace model {

// `node` fails each write it takes with `probability`, from `from` until
// `until` (absent: never ends), on `shards` only (empty: every shard).
struct WriteFailure {
  std::string node;
  double probability = 0;
  // Deterministic instead: the node's client writes to covered shards are
  // counted from 0 while the fault is in force, and write n fails when
  // n % every == offset (every 0: none; copies never fail this way).
  std::uint32_t every = 0;
  std::uint32_t offset = 0;
  TimePointConfig from;
  std::optional<TimePointConfig> until;
  std::vector<std::uint32_t> shards;
  std::string Line() const;
  std::string Words() const;
};

// No message crosses between the two sides, from `at` for `duration`.
struct Partition {
  std::vector<std::string> side_a;
  std::vector<std::string> side_b;
  TimePointConfig at;
  Time duration = sim::kForever;
  std::string Line() const;
  std::string Words() const;
};

// `target` loses its memory at `at`, and restarts `restart_after` later (or never).
struct Crash {
  std::string target;
  TimePointConfig at;
  Time restart_after = sim::kForever;
  std::string Line() const;
  std::string Words() const;
};

// Messages to and from `node` take `latency_factor` times as long.
struct Slow {
  std::string node;
  std::uint32_t latency_factor = 1;
  TimePointConfig at;
  Time duration = sim::kForever;
  std::string Line() const;
  std::string Words() const;
};

// `node` takes messages and answers none.
struct Stall {
  std::string node;
  TimePointConfig at;
  Time duration = sim::kForever;
  std::string Line() const;
  std::string Words() const;
};

// `target`'s clock, which stamps updated_at, reads `offset` off (may be negative).
struct ClockSkew {
  std::string target;
  TimePointConfig at;
  Time offset = 0;
  Time duration = sim::kForever;
  std::string Line() const;
  std::string Words() const;
};

using FaultConfig = std::variant<WriteFailure, Partition, Crash, Slow, Stall, ClockSkew>;

// A kind by its place in FaultConfig.
enum class FaultKind : std::uint8_t {
  kWriteFailure,
  kPartition,
  kCrash,
  kSlow,
  kStall,
  kClockSkew,
};

// A kind's name and its keys in a scenario (besides `kind`), the required first.
struct FaultKindInfo {
  std::string_view name;
  std::array<std::string_view, 6> keys;  // unused places are empty
  std::size_t required = 0;              // keys[0, required) must be given
};

inline constexpr std::array<FaultKindInfo, 6> kFaultKinds = {{
    {"write_failure", {"node", "probability", "from", "until", "shards", "pattern"}, 1},
    {"partition", {"between", "at", "duration"}, 2},
    {"crash", {"target", "at", "restart_after"}, 2},
    {"slow", {"node", "latency_factor", "at", "duration"}, 3},
    {"stall", {"node", "at", "duration"}, 2},
    {"clock_skew", {"target", "at", "offset", "duration"}, 3},
}};
static_assert(kFaultKinds.size() == std::variant_size_v<FaultConfig>);
static_assert(static_cast<std::size_t>(FaultKind::kClockSkew) + 1 == kFaultKinds.size());
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(
                                                            FaultKind::kCrash),
                                                        FaultConfig>,
                             Crash>);

inline FaultKind KindOf(const FaultConfig& fault) { return static_cast<FaultKind>(fault.index()); }
inline const FaultKindInfo& InfoOf(FaultKind kind) {
  return kFaultKinds[static_cast<std::size_t>(kind)];
}

// A fault of `kind` with every field at its default.
FaultConfig MakeFault(FaultKind kind);

// One line with every field, as a scenario would write it:
// "write_failure node=new-3 probability=0.02 from=1s until=phase:cutover_draining".
std::string FaultLine(const FaultConfig& fault);
// The fault as a scenario's `faults:` item, a YAML flow mapping that loads
// back to the same fault: "{kind: crash, target: old-1, at: 2.5s}".
std::string FaultYaml(const FaultConfig& fault);

// In words, for a table row or a trace: "2 % write failures on new-3".
std::string FaultWords(const FaultConfig& fault);

}  // namespace model
