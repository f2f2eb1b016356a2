// model/run_size.h
//
// How big a run of a configuration gets, known before it runs: the events it
// may hold pending, the memory it needs, and the kernel sized for it. The
// loader refuses what the kernel or the machine cannot hold; the run sizes
// its kernel from the same figures.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/config.h"
#include "sim/simulation.h"

namespace model {

// The run's nodes by NodeIndex: the groups' in order, then each node a
// migration adds (once). Process ids: the orchestrator 0, node n is n + 1,
// the client after the nodes.
struct NodeSlot {
  std::string name;
  std::uint32_t group = 0;
};
std::vector<NodeSlot> Nodes(const ModelConfig& config);

// How many events a run may hold pending at once, at most (the kernel's
// queue is sized from it; the loader refuses a scenario whose bound exceeds
// sim::EventQueue::kCapacityMax).
double PendingEventsBound(const ModelConfig& config);

// At most how many documents a run touches: one per operation (preload,
// writes, bursts), at most the key space.
std::uint64_t DocumentsMax(const ModelConfig& config);

// About how many bytes a run holds at its peak, from what grows with the
// documents and operations: every copy of a document (its version and its
// place in its shard's order), the key space's places, the witness, the
// client history and what is kept per operation, and the event queue. The loader refuses a scenario
// whose estimate exceeds the machine's memory.
double EstimatedRunBytes(const ModelConfig& config);

// The kernel's configuration for a run of `config`: its seed, network, and
// an event queue and message table sized by PendingEventsBound.
sim::SimulationConfig KernelConfigFor(const ModelConfig& config);

}  // namespace model
