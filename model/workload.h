// model/workload.h
//
// The client: Poisson arrivals of write requests at `rate` from `start`,
// keys uniform or Zipf over the key space, a share of deletes, `batch`
// documents per request, bursts packed at a time point, and retries of
// failed or unanswered requests. It records every operation and the outcome
// it saw in the history. It also hosts the run's own timers (migration
// starts, the horizon), since it never crashes.
#pragma once

#include <cstdint>
#include <optional>

#include "model/history.h"
#include "model/orchestrator.h"
#include "model/router.h"
#include "model/world.h"
#include "sim/process.h"
#include "sim/rng_stream.h"

namespace model {

class Client : public sim::Process, public ClientSink {
 public:
  explicit Client(World& world);

  void set_orchestrator(Orchestrator* orchestrator) { orchestrator_ = orchestrator; }
  // Schedules arrivals, bursts, migration starts and the horizon.
  void Start(std::uint32_t migrations);
  bool horizon_reached() const { return horizon_reached_; }
  // The horizon comes `delay` from now (a stuck run whose horizon was a phase).
  void EndIn(Time delay);

  void OnAnswer(OpIndex first, std::uint32_t count, bool acked) override;
  // Tells the op's answer to its document's story, if it is watched.
  void Tell(OpIndex op);
  void OnUnanswered(OpIndex first, std::uint32_t count) override;

  void OnMessage(const sim::Message&) override {}
  void OnTimer(std::uint64_t tag) override;
  void OnCrash() override {}
  void OnRestart() override {}

 private:
  enum TimerKind : std::uint64_t { kArrival, kBurst, kRetry, kMigrationStart, kHorizon };
  static std::uint64_t Tag(TimerKind kind, std::uint64_t value) { return (value << 8) | kind; }

  void Arrive();
  void Issue(std::uint32_t documents);
  void Submit(OpIndex first, std::uint32_t count);
  void Retry(OpIndex first, std::uint32_t count);
  DocId DrawKey();

  World& world_;
  Orchestrator* orchestrator_ = nullptr;
  sim::RngStream arrivals_;
  sim::RngStream keys_;
  sim::RngStream kinds_;
  std::optional<sim::ZipfDistribution> zipf_;
  std::uint64_t issued_ = 0;  // documents of the regular arrivals
  std::vector<std::uint64_t> burst_left_;
  bool horizon_reached_ = false;
};

}  // namespace model
