// model/run_size.h
//
// How big a run of a configuration gets, known before it runs: the events it
// may hold pending, the memory it needs, and the kernel sized for it. The
// loader refuses what the kernel or the machine cannot hold; the run sizes
// its kernel from the same figures.
#pragma once

#include "model/config.h"
#include "sim/simulation.h"

namespace model {

// How many events a run may hold pending at once, at most (the kernel's
// queue is sized from it; the loader refuses a scenario whose bound exceeds
// sim::EventQueue::kCapacityMax).
double PendingEventsBound(const ModelConfig& config);

// At most how many documents a run touches: one per operation (preload,
// writes, bursts), at most the key space.
std::uint64_t DocumentsMax(const ModelConfig& config);

// About how many bytes a run holds at its peak, from what grows with the
// scenario: every node's store (a version and a Fenwick entry per document of
// the key space), the key space's own tables, the client history and what is
// kept per operation, and the event queue. The loader refuses a scenario
// whose estimate exceeds the machine's memory.
double EstimatedRunBytes(const ModelConfig& config);

// The kernel's configuration for a run of `config`: its seed, network, and
// an event queue and message table sized by PendingEventsBound.
sim::SimulationConfig KernelConfigFor(const ModelConfig& config);

}  // namespace model
