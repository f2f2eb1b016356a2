// model/counters.h
//
// What the run counts as it goes, for the result record. Each counter is
// counted where its event happens; none of them decides a loss figure (the
// checker does, from the stores).
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace model {

// Counters the result record reports; each is counted where the event happens.
struct RunCounters {
  std::uint64_t migrated_docs = 0;  // applied by background copy
  std::uint64_t delta_docs = 0;     // applied by the delta pass
  std::uint64_t ae_repairs = 0;     // applied by anti-entropy
  std::uint64_t ae_divergent = 0;   // divergent documents found (repaired or not)
  std::uint64_t ae_passes = 0;
  sim::Time drain_duration = 0;
  bool drain_timed_out = false;
  std::uint64_t stuck_failed = 0;    // (doc, node) outcomes the driver marked failed
  std::uint64_t held_writes = 0;
  std::uint64_t rejected_writes = 0;
  std::uint64_t page_retries = 0;
};

}  // namespace model
