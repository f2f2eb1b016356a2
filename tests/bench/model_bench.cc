// The whole model on the 1M-write run, to set beside
// ../shared/floor's floor_run (the least work such a run needs: 0.38 s and
// 145 MiB there). tools/bench runs both side by side.
//   build/release/bench_model
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "model/run.h"

namespace {

model::ModelConfig MillionWrites() {
  model::ModelConfig c;
  c.name = "bench-1m";
  c.cluster.shards = 64;
  c.cluster.replication_factor = 1;
  c.cluster.groups = {{"old-0", "old-1", "old-2"}};
  c.workload.preload = 100'000;
  c.workload.writes = 1'000'000;
  c.anti_entropy.enabled = true;
  model::WriteFailure failures;
  failures.node = "new-3";
  failures.probability = 0.02;
  c.faults = {failures};
  return c;
}

void BM_MillionWriteRun(benchmark::State& state) {
  const model::ModelConfig config = MillionWrites();
  std::uint64_t events = 0;
  for (auto _ : state) {
    const model::RunResult r = model::RunModel(config);
    events = r.events;
    benchmark::DoNotOptimize(r.trace_hash);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["events"] = static_cast<double>(events);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  state.SetItemsProcessed(state.iterations() * 1'000'000);
}
BENCHMARK(BM_MillionWriteRun)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
