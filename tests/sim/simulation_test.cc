#include "sim/simulation.h"

#include <gtest/gtest.h>

#include "tests/sim/recorder.h"

namespace sim {
namespace {

using testing::FixedLatency;
using testing::Recorder;

struct One {
  One() : simulation(FixedLatency(kMillisecond)), p(simulation) {
    id = simulation.AddProcess("p", &p);
  }
  Simulation simulation;
  Recorder p;
  ProcessId id = 0;
};

TEST(Simulation, TimersAtTheSameInstantFireInScheduleOrder) {
  One o;
  for (std::uint64_t tag = 0; tag < 5; ++tag) o.simulation.SetTimer(o.id, 10, tag);
  o.simulation.Run();
  EXPECT_EQ(o.p.timers, (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
}

TEST(Simulation, CancelledTimerNeverFires) {
  One o;
  const EventId id = o.simulation.SetTimer(o.id, 10, 1);
  o.simulation.SetTimer(o.id, 20, 2);
  EXPECT_TRUE(o.simulation.CancelTimer(id));
  o.simulation.Run();
  EXPECT_EQ(o.p.timers, std::vector<std::uint64_t>{2});
}

TEST(Simulation, RunUntilStopsAtTheLimitAndSetsTheClock) {
  One o;
  o.simulation.SetTimer(o.id, 10, 1);
  o.simulation.SetTimer(o.id, 20, 2);
  o.simulation.SetTimer(o.id, 21, 3);
  o.simulation.RunUntil(20);
  EXPECT_EQ(o.p.timers, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(o.simulation.now(), 20);
  EXPECT_EQ(o.simulation.pending(), 1u);
  o.simulation.RunUntil(100);
  EXPECT_EQ(o.simulation.now(), 100);
  EXPECT_EQ(o.simulation.steps(), 3u);
}

TEST(Simulation, RunWhileStopsWhenThePredicateFails) {
  One o;
  for (int i = 1; i <= 10; ++i) o.simulation.SetTimer(o.id, i, i);
  o.simulation.RunWhile([&] { return o.p.timers.size() < 4; });
  EXPECT_EQ(o.p.timers.size(), 4u);
  EXPECT_EQ(o.simulation.now(), 4);
}

TEST(Simulation, RunWhileStopsWhenEmpty) {
  One o;
  o.simulation.SetTimer(o.id, 5, 1);
  o.simulation.RunWhile([] { return true; });
  EXPECT_EQ(o.simulation.pending(), 0u);
  EXPECT_FALSE(o.simulation.Step());
}

TEST(Simulation, CrashDiscardsTimersAndRestartTakesNewOnes) {
  One o;
  o.simulation.SetTimer(o.id, 10, 1);
  o.simulation.Crash(o.id);
  o.simulation.SetTimer(o.id, 15, 2);  // set while down: belongs to no live incarnation
  o.simulation.Restart(o.id);
  o.simulation.SetTimer(o.id, 20, 3);
  o.simulation.Run();
  EXPECT_EQ(o.p.timers, std::vector<std::uint64_t>{3});
  EXPECT_EQ(o.p.crashes, 1);
  EXPECT_EQ(o.p.restarts, 1);
}

TEST(Simulation, CrashFaultRestartsAfterItsDuration) {
  One o;
  o.simulation.AddFault(FaultSpec::Crash({kNoTrigger, 10}, 5, o.id));
  o.simulation.RunUntil(12);
  EXPECT_FALSE(o.simulation.state(o.id).up);
  o.simulation.RunUntil(15);
  EXPECT_TRUE(o.simulation.state(o.id).up);
  EXPECT_EQ(o.simulation.state(o.id).incarnation, 2u);  // one crash, one restart
}

TEST(Simulation, TriggerSchedulesWaitingWorkAtFirePlusOffset) {
  One o;
  const TriggerId trigger = o.simulation.DefineTrigger("phase:cutover_draining");
  EXPECT_EQ(o.simulation.DefineTrigger("phase:cutover_draining"), trigger);
  o.simulation.At({trigger, 2 * kMillisecond}, o.id, 7);
  o.simulation.AddFault(FaultSpec::Crash({trigger, kMillisecond}, kForever, o.id));
  o.simulation.SetTimer(o.id, 5 * kMillisecond, 0);
  o.simulation.RunUntil(5 * kMillisecond);
  o.simulation.FireTrigger(trigger);
  o.simulation.FireTrigger(trigger);  // only the first counts
  EXPECT_EQ(o.simulation.fired_at(trigger), 5 * kMillisecond);
  o.simulation.Run();
  // The crash at 6ms comes before the timer at 7ms, which dies with it.
  EXPECT_EQ(o.p.crashes, 1);
  EXPECT_EQ(o.p.timers, std::vector<std::uint64_t>{0});
}

TEST(Simulation, TimePointOnAFiredTriggerIsScheduledFromItsFireTime) {
  One o;
  const TriggerId trigger = o.simulation.DefineTrigger("t");
  o.simulation.FireTrigger(trigger);
  o.simulation.At({trigger, 3}, o.id, 1);
  o.simulation.Run();
  ASSERT_EQ(o.p.timer_times.size(), 1u);
  EXPECT_EQ(o.p.timer_times[0], 3);
}

TEST(Simulation, UnfiredTriggerNeverSchedules) {
  One o;
  const TriggerId trigger = o.simulation.DefineTrigger("never");
  o.simulation.At({trigger, 0}, o.id, 1);
  o.simulation.Run();
  EXPECT_TRUE(o.p.timers.empty());
  EXPECT_FALSE(o.simulation.fired_at(trigger).has_value());
}

class ListenerLog : public FaultListener {
 public:
  void OnFaultBegin(std::uint32_t fault, std::uint64_t tag) override {
    log.push_back(fault * 1000 + tag);
  }
  void OnFaultEnd(std::uint32_t fault, std::uint64_t tag) override {
    log.push_back(100'000 + fault * 1000 + tag);
  }
  std::vector<std::uint64_t> log;
};

TEST(Simulation, CustomFaultsAreAnnouncedToTheListener) {
  One o;
  ListenerLog listener;
  o.simulation.set_fault_listener(&listener);
  o.simulation.AddFault(FaultSpec::Custom({kNoTrigger, 10}, 5, 7));
  o.simulation.Run();
  EXPECT_EQ(listener.log, (std::vector<std::uint64_t>{7, 100'007}));
}

TEST(Simulation, FaultWithAnUntilEndsThereOnTheTriggerItNames) {
  One o;
  ListenerLog listener;
  o.simulation.set_fault_listener(&listener);
  const TriggerId stop = o.simulation.DefineTrigger("stop");
  o.simulation.AddFault(FaultSpec::CustomUntil({kNoTrigger, 10}, TimePoint{stop, 3}, 7));
  o.simulation.RunUntil(50);
  EXPECT_EQ(listener.log, (std::vector<std::uint64_t>{7}));
  o.simulation.FireTrigger(stop);
  o.simulation.Run();
  EXPECT_EQ(listener.log, (std::vector<std::uint64_t>{7, 100'007}));
  EXPECT_EQ(o.simulation.now(), 53);
}

TEST(Simulation, FaultWhoseEndComesFirstNeverBegins) {
  One o;
  ListenerLog listener;
  o.simulation.set_fault_listener(&listener);
  const TriggerId start = o.simulation.DefineTrigger("start");
  o.simulation.AddFault(FaultSpec::CustomUntil({start, 0}, TimePoint{kNoTrigger, 10}, 7));
  o.simulation.RunUntil(20);
  o.simulation.FireTrigger(start);
  o.simulation.Run();
  EXPECT_TRUE(listener.log.empty());
}

TEST(Simulation, EventInThePastIsAnInternalError) {
  One o;
  o.simulation.RunUntil(100);
  EXPECT_THROW(o.simulation.At({kNoTrigger, 50}, o.id, 1), InternalError);
}

}  // namespace
}  // namespace sim
