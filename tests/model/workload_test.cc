// The client (model/workload.h): how many operations it submits, the share
// of deletes, the spread of keys, the Poisson arrival rate and retries. The
// client talks to a whole orchestrator, so each test runs a small simulation
// and reads the result record: the outcome counts, the checker's per-document
// figures and the timeline of issued operations.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "model/run.h"
#include "tests/model/faults.h"

namespace model {
namespace {

using testing::WriteFailures;

ModelConfig WritesOnly() {
  ModelConfig c;
  c.name = "workload";
  c.cluster.shards = 8;
  c.migrations.clear();
  c.workload.preload = 0;
  c.workload.writes = 5'000;
  c.workload.key_space = 50'000;
  c.run.until = {std::nullopt, 10 * sim::kSecond};
  return c;
}

TEST(Workload, SubmitsEveryRegularWriteAndEveryBurstWrite) {
  ModelConfig c = WritesOnly();
  c.workload.writes = 3'000;
  c.workload.batch = 7;  // 3000 is no multiple of 7: the last request is short
  c.workload.bursts = {BurstConfig{{std::nullopt, 100 * sim::kMillisecond}, 500, sim::kMillisecond},
                       BurstConfig{{std::nullopt, 200 * sim::kMillisecond}, 40, sim::kMillisecond}};
  const RunResult r = RunModel(c);
  EXPECT_EQ(r.writes.submitted, 3'540u);
  EXPECT_EQ(r.writes.acked, 3'540u);
  std::uint64_t issued = 0;
  for (const RunResult::Bucket& b : r.timeline) issued += b.issued;
  EXPECT_EQ(issued, 3'540u);
}

TEST(Workload, DeletesTakeTheConfiguredShareOfOperations) {
  // Every document exists from the preload and the only node applies
  // nothing while any_reply acknowledges everything. So each touched
  // document keeps its preload version and the checker classes it by its
  // last operation: a put is lost, a delete resurrected. The last operation
  // of a document is a delete with probability `deletes`.
  constexpr double kDeletes = 0.3;
  ModelConfig c = WritesOnly();
  c.cluster.groups = {{"n-0"}};
  c.workload.key_space = 100'000;
  c.workload.preload = 100'000;
  c.workload.writes = 20'000;
  c.workload.deletes = kDeletes;
  c.faults = {WriteFailures("n-0", 1.0)};  // nothing is applied
  const RunResult r = RunModel(c);
  ASSERT_EQ(r.writes.acked, 20'000u);
  const double touched = static_cast<double>(r.at_end.lost + r.at_end.resurrected);
  ASSERT_GT(touched, 15'000.0);  // about 18,100 distinct keys among 20,000 draws
  const double share = static_cast<double>(r.at_end.resurrected) / touched;
  const double sd = std::sqrt(kDeletes * (1 - kDeletes) / touched);
  EXPECT_NEAR(share, kDeletes, 4 * sd);

  c.workload.deletes = 0.0;
  EXPECT_EQ(RunModel(c).at_end.resurrected, 0u);
}

TEST(Workload, ZipfKeysTouchFarFewerDistinctDocumentsThanUniformKeys) {
  ModelConfig c = WritesOnly();
  c.workload.key_distribution = KeyDistribution::kUniform;
  const RunResult uniform = RunModel(c);
  c.workload.key_distribution = KeyDistribution::kZipf;
  const RunResult zipf = RunModel(c);
  ASSERT_EQ(uniform.writes.acked, 5'000u);
  ASSERT_EQ(zipf.writes.acked, 5'000u);
  // Uniform: n draws over k keys touch k(1 - (1 - 1/k)^n) keys, about 4,758 here,
  // with a standard deviation of about 15.
  const double k = 50'000;
  const double expected = k * (1 - std::pow(1 - 1 / k, 5'000.0));
  EXPECT_NEAR(static_cast<double>(uniform.at_end.acked_docs), expected, 100.0);
  EXPECT_LT(zipf.at_end.acked_docs * 2, uniform.at_end.acked_docs);
}

TEST(Workload, PoissonArrivalsSpreadTheWritesOverWritesDividedByRate) {
  // n arrivals at rate r: the last comes after n-1 exponential gaps, on
  // average (n-1)/r = 2 s later, with a standard deviation of sqrt(n-1)/r = 20 ms.
  constexpr double kRate = 5'000;
  ModelConfig c = WritesOnly();
  c.workload.writes = 10'000;
  c.workload.rate = kRate;
  const RunResult r = RunModel(c);
  ASSERT_EQ(r.writes.submitted, 10'000u);
  std::size_t last = 0;
  for (std::size_t i = 0; i < r.timeline.size(); ++i) {
    if (r.timeline[i].issued > 0) last = i;
  }
  ASSERT_GT(r.timeline.front().issued, 0u);  // the first arrives at start, t=0
  const double width_s = static_cast<double>(r.timeline_width) / sim::kSecond;
  const double span_s = (static_cast<double>(last) + 0.5) * width_s;
  const double n = 10'000;
  EXPECT_NEAR(span_s, (n - 1) / kRate, 5 * std::sqrt(n - 1) / kRate + width_s);
}

TEST(Workload, ClientRetriesResubmitWritesTheCrashedOrchestratorLeftUnanswered) {
  // The orchestrator is down from 0.5 s to 1.5 s while writes arrive until
  // about 1 s. A retry goes out request_timeout (5 s) after the client gave
  // up, when the orchestrator is back, and is recorded as a new operation.
  ModelConfig c = WritesOnly();
  c.workload.rate = 5'000;
  Crash crash;
  crash.target = "orchestrator";
  crash.at = {std::nullopt, 500 * sim::kMillisecond};
  crash.restart_after = sim::kSecond;
  c.faults = {crash};
  c.workload.client_retries = 0;
  const RunResult once = RunModel(c);
  c.workload.client_retries = 1;
  const RunResult retried = RunModel(c);
  ASSERT_GT(once.writes.unknown, 0u);
  EXPECT_EQ(once.writes.failed, 0u);
  EXPECT_EQ(once.writes.submitted, 5'000u);
  // One retry per unanswered write, and each retry is acknowledged.
  EXPECT_EQ(retried.writes.submitted, 5'000u + once.writes.unknown);
  EXPECT_EQ(retried.writes.acked, once.writes.acked + once.writes.unknown);
  EXPECT_EQ(retried.writes.unknown, once.writes.unknown);
  EXPECT_EQ(retried.at_end.lost, 0u);
}

TEST(Workload, ClientRetriesResubmitWritesThatFailedWhileTheOrchestratorWasCutOff) {
  // The orchestrator cannot reach any node from 0.5 s to 1.5 s: writes sent
  // then time out (request_timeout, 5 s) and fail. A failed write is retried
  // at once, by then over a healed network.
  ModelConfig c = WritesOnly();
  c.workload.rate = 5'000;
  Partition cut;
  cut.side_a = {"orchestrator"};
  cut.side_b = c.cluster.groups[0];
  cut.at = {std::nullopt, 500 * sim::kMillisecond};
  cut.duration = sim::kSecond;
  c.faults = {cut};
  c.workload.client_retries = 0;
  const RunResult once = RunModel(c);
  c.workload.client_retries = 1;
  const RunResult retried = RunModel(c);
  ASSERT_GT(once.writes.failed, 0u);
  EXPECT_EQ(once.writes.unknown, 0u);
  EXPECT_EQ(retried.writes.submitted, 5'000u + once.writes.failed);
  EXPECT_EQ(retried.writes.acked, once.writes.acked + once.writes.failed);
  EXPECT_EQ(retried.writes.failed, once.writes.failed);
  EXPECT_EQ(retried.at_end.lost, 0u);
}

}  // namespace
}  // namespace model
