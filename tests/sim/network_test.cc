#include "sim/network.h"

#include <gtest/gtest.h>

#include "sim/simulation.h"
#include "tests/sim/recorder.h"

namespace sim {
namespace {

using testing::FixedLatency;
using testing::Note;
using testing::Recorder;

struct Pair {
  explicit Pair(SimulationConfig config = FixedLatency(kMillisecond))
      : simulation(config), a(simulation), b(simulation) {
    a_id = simulation.AddProcess("a", &a);
    b_id = simulation.AddProcess("b", &b);
  }
  Simulation simulation;
  Recorder a;
  Recorder b;
  ProcessId a_id = 0;
  ProcessId b_id = 0;
};

TEST(Network, DeliversAfterTheLatency) {
  Pair p;
  p.simulation.Send(Note(p.a_id, p.b_id, 42));
  p.simulation.Run();
  ASSERT_EQ(p.b.messages, std::vector<std::uint64_t>{42});
  EXPECT_EQ(p.b.message_times[0], kMillisecond);
}

TEST(Network, PartitionDropsBothDirectionsAndHeals) {
  Pair p;
  p.simulation.network().Cut(p.a_id, p.b_id);
  p.simulation.Send(Note(p.a_id, p.b_id, 1));
  p.simulation.Send(Note(p.b_id, p.a_id, 2));
  p.simulation.Run();
  EXPECT_TRUE(p.a.messages.empty());
  EXPECT_TRUE(p.b.messages.empty());
  EXPECT_EQ(p.simulation.network().stats().cut, 2u);

  p.simulation.network().Heal(p.a_id, p.b_id);
  p.simulation.Send(Note(p.a_id, p.b_id, 3));
  p.simulation.Send(Note(p.b_id, p.a_id, 4));
  p.simulation.Run();
  EXPECT_EQ(p.b.messages, std::vector<std::uint64_t>{3});
  EXPECT_EQ(p.a.messages, std::vector<std::uint64_t>{4});
}

TEST(Network, PartitionThatStartsInFlightDropsTheMessage) {
  Pair p;
  p.simulation.Send(Note(p.a_id, p.b_id, 1));
  p.simulation.network().Cut(p.a_id, p.b_id);
  p.simulation.Run();
  EXPECT_TRUE(p.b.messages.empty());
}

TEST(Network, OverlappingPartitionsHealIndependently) {
  Pair p;
  p.simulation.network().Cut(p.a_id, p.b_id);
  p.simulation.network().Cut(p.a_id, p.b_id);
  p.simulation.network().Heal(p.a_id, p.b_id);
  EXPECT_TRUE(p.simulation.network().IsCut(p.b_id, p.a_id));
  p.simulation.network().Heal(p.a_id, p.b_id);
  EXPECT_FALSE(p.simulation.network().IsCut(p.b_id, p.a_id));
}

TEST(Network, PartitionFaultCutsAndHealsOnSchedule) {
  Pair p;
  p.simulation.AddFault(
      FaultSpec::Partition({kNoTrigger, 10 * kMillisecond}, 5 * kMillisecond, {p.a_id}, {p.b_id}));
  for (int i = 0; i < 20; ++i) p.simulation.SetTimer(p.a_id, i * kMillisecond, i);
  p.simulation.RunUntil(9 * kMillisecond);
  EXPECT_FALSE(p.simulation.network().IsCut(p.a_id, p.b_id));
  p.simulation.RunUntil(12 * kMillisecond);
  EXPECT_TRUE(p.simulation.network().IsCut(p.a_id, p.b_id));
  p.simulation.RunUntil(15 * kMillisecond);
  EXPECT_FALSE(p.simulation.network().IsCut(p.a_id, p.b_id));
}

TEST(Network, CrashDiscardsQueuedMessagesAndRestartReceivesNewOnes) {
  Pair p;
  p.simulation.Send(Note(p.a_id, p.b_id, 1));  // queued for b, arrives at 1ms
  p.simulation.Crash(p.b_id);
  p.simulation.Restart(p.b_id);  // back before it arrives: still the old incarnation's
  p.simulation.Run();
  EXPECT_TRUE(p.b.messages.empty());
  EXPECT_EQ(p.b.crashes, 1);
  EXPECT_EQ(p.b.restarts, 1);
  EXPECT_EQ(p.simulation.network().stats().target_down, 1u);

  p.simulation.Send(Note(p.a_id, p.b_id, 2));
  p.simulation.Run();
  EXPECT_EQ(p.b.messages, std::vector<std::uint64_t>{2});
}

TEST(Network, MessageToADownProcessIsLost) {
  Pair p;
  p.simulation.Crash(p.b_id);
  p.simulation.Send(Note(p.a_id, p.b_id, 1));
  p.simulation.Run();
  EXPECT_TRUE(p.b.messages.empty());
}

TEST(Network, StalledProcessTakesMessagesButAnswersNone) {
  Pair p;
  p.simulation.AddFault(FaultSpec::Stall({kNoTrigger, 0}, 10 * kMillisecond, p.b_id));
  p.simulation.RunUntil(0);
  p.simulation.Send(Note(p.a_id, p.b_id, 1));
  p.simulation.Send(Note(p.b_id, p.a_id, 2));
  p.simulation.RunUntil(5 * kMillisecond);
  EXPECT_EQ(p.b.messages, std::vector<std::uint64_t>{1});
  EXPECT_TRUE(p.a.messages.empty());
  p.simulation.RunUntil(11 * kMillisecond);
  p.simulation.Send(Note(p.b_id, p.a_id, 3));
  p.simulation.Run();
  EXPECT_EQ(p.a.messages, std::vector<std::uint64_t>{3});
}

TEST(Network, SlowFaultMultipliesLatencyWhileInForce) {
  Pair p;
  p.simulation.AddFault(FaultSpec::Slow({kNoTrigger, 0}, 100 * kMillisecond, p.b_id, 50));
  p.simulation.RunUntil(0);
  p.simulation.Send(Note(p.a_id, p.b_id, 1));
  p.simulation.RunUntil(200 * kMillisecond);
  p.simulation.Send(Note(p.a_id, p.b_id, 2));
  p.simulation.Run();
  ASSERT_EQ(p.b.message_times.size(), 2u);
  EXPECT_EQ(p.b.message_times[0], 50 * kMillisecond);
  EXPECT_EQ(p.b.message_times[1], 201 * kMillisecond);
}

TEST(Network, DropProbabilityDropsThatShare) {
  SimulationConfig config = FixedLatency(kMillisecond);
  config.network.drop_probability = 0.1;
  Pair p(config);
  for (int i = 0; i < 20'000; ++i) p.simulation.Send(Note(p.a_id, p.b_id, i));
  p.simulation.Run();
  EXPECT_NEAR(p.simulation.network().stats().dropped / 20'000.0, 0.1, 0.01);
  EXPECT_EQ(p.b.messages.size() + p.simulation.network().stats().dropped, 20'000u);
}

TEST(Network, LatencySamplesFollowTheModel) {
  RngStream stream(3, "latency");
  const LatencyModel uniform{LatencyModel::Kind::kUniform, 10, 20};
  for (int i = 0; i < 1000; ++i) {
    const Time t = uniform.Sample(stream);
    ASSERT_GE(t, 10);
    ASSERT_LE(t, 20);
  }
  EXPECT_EQ((LatencyModel{LatencyModel::Kind::kFixed, 7, 0}.Sample(stream)), 7);
}

}  // namespace
}  // namespace sim
