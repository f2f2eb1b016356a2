// Tests for `cutover-sim sweep` (tools/experiment/sweep.h, tools/cli/sweep_command.cc): the
// grid's order and size, shards that cover it exactly once, resuming a torn
// file, and output that does not depend on --jobs.
#include "tools/experiment/sweep.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/version.h"
#include "tools/cli/commands.h"
#include "tools/experiment/results_file.h"

namespace tools {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// A run takes about a millisecond: 4 shards, one node, a few hundred writes.
constexpr const char* kTinyScenario = R"(name: tiny
seed: 5
cluster: {shards: 4, groups: [{nodes: [old-0]}]}
migration: {add_node: new-1, start: 100ms, page_size: 50, page_interval: 1ms}
workload: {preload: 100, writes: 500, rate: 1000, keys: {space: 1000}}
run: {until: 10s}
expect: {outcome: complete}
sweep:
  seeds: 3
  matrix:
    migrations.0.skip_delta_pass: [false, true]
    anti_entropy.enabled: [true, false]
)";

// A scratch directory with the tiny scenario in it, removed afterwards.
class SweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / fmt::format("sweep_test.{}.{}", getpid(), test->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    scenario_ = Write("tiny.yaml", kTinyScenario);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  // The file's records in file order, without wall_ms and speed (the fields
  // that may differ between two runs of the same grid point).
  static std::vector<Json> Records(const std::string& path) {
    std::vector<Json> records;
    std::istringstream in(Read(path));
    for (std::string line; std::getline(in, line);) {
      Json record = Json::parse(line);
      record.erase("wall_ms");
      record.erase("speed");
      records.push_back(std::move(record));
    }
    return records;
  }

  // SweepCommand with stderr captured into *err (when given).
  static int Sweep(const Args& args, std::string* err = nullptr) {
    ::testing::internal::CaptureStderr();
    const int code = SweepCommand(args);
    const std::string captured = ::testing::internal::GetCapturedStderr();
    if (err != nullptr) *err = captured;
    return code;
  }

  SweepGrid Grid(const std::vector<std::string>& sets = {},
                 std::optional<SeedRange> seeds = std::nullopt) {
    auto loaded = LoadScenarioFile(scenario_, sets);
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
    auto grid = SweepGrid::Build({std::move(loaded).value()}, sets, seeds);
    EXPECT_TRUE(grid.has_value());
    return std::move(grid).value();
  }

  fs::path dir_;
  std::string scenario_;
};

TEST_F(SweepTest, GridIsCombinationsTimesSeedsWithSeedsInnermostAndFirstMatrixKeySlowest) {
  const SweepGrid grid = Grid();
  ASSERT_EQ(grid.size(), 4u * 3u);
  ASSERT_EQ(grid.blocks().size(), 4u);
  const std::vector<std::vector<std::string>> expected_sets = {
      {"migrations.0.skip_delta_pass=false", "anti_entropy.enabled=true"},
      {"migrations.0.skip_delta_pass=false", "anti_entropy.enabled=false"},
      {"migrations.0.skip_delta_pass=true", "anti_entropy.enabled=true"},
      {"migrations.0.skip_delta_pass=true", "anti_entropy.enabled=false"}};
  for (std::size_t k = 0; k < grid.blocks().size(); ++k) {
    EXPECT_EQ(grid.blocks()[k].combination, k);
    EXPECT_EQ(grid.blocks()[k].sets, expected_sets[k]);
  }
  for (std::uint64_t index = 0; index < grid.size(); ++index) {
    const GridPoint point = grid.At(index);
    EXPECT_EQ(point.index, index);
    EXPECT_EQ(point.block, index / 3);
    EXPECT_EQ(point.seed, index % 3 + 1);
  }
}

TEST_F(SweepTest, GridTakesSeedsFlagOverSweepSeedsAndScenarioSeedWithoutSweepBlock) {
  EXPECT_EQ(Grid({}, SeedRange{10, 14}).size(), 4u * 5u);
  EXPECT_EQ(Grid({}, SeedRange{10, 14}).At(5).seed, 10u);

  const std::string plain =
      Write("plain.yaml",
            std::string(kTinyScenario).substr(0, std::string(kTinyScenario).find("sweep:")));
  auto loaded = LoadScenarioFile(plain);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const auto grid = SweepGrid::Build({loaded.value()}, {}, std::nullopt);
  ASSERT_TRUE(grid.has_value());
  ASSERT_EQ(grid.value().size(), 1u);
  EXPECT_EQ(grid.value().At(0).seed, 5u);  // the scenario's own seed:
}

TEST_F(SweepTest, GridDropsMatrixDimensionTheUserSets) {
  const SweepGrid grid = Grid({"migration.skip_delta_pass=true"});
  ASSERT_EQ(grid.size(), 2u * 3u);
  EXPECT_EQ(grid.blocks()[1].sets, (std::vector<std::string>{"migration.skip_delta_pass=true",
                                                             "anti_entropy.enabled=false"}));
}

TEST_F(SweepTest, ReadingsAreOneDimensionSlowerThanTheMatrixAndTheUsersSetWins) {
  std::string text = kTinyScenario;
  text +=
      "  readings:\n    - {}\n    - {migrations.0.split: per_shard, cluster.node_apply: newest}\n"
      "    - {cluster.node_apply: newest}\n";
  scenario_ = Write("readings.yaml", text);
  const SweepGrid grid = Grid();
  ASSERT_EQ(grid.blocks().size(), 3u * 4u);
  EXPECT_EQ(grid.blocks()[0].sets, (std::vector<std::string>{"migrations.0.skip_delta_pass=false",
                                                             "anti_entropy.enabled=true"}));
  EXPECT_EQ(grid.blocks()[5].sets,
            (std::vector<std::string>{"migrations.0.split=per_shard", "cluster.node_apply=newest",
                                      "migrations.0.skip_delta_pass=false",
                                      "anti_entropy.enabled=false"}));
  // Pinning node_apply makes the third reading the first: it runs once.
  const SweepGrid pinned = Grid({"cluster.node_apply=replace"});
  ASSERT_EQ(pinned.blocks().size(), 2u * 4u);
  EXPECT_EQ(pinned.blocks()[4].sets,
            (std::vector<std::string>{"cluster.node_apply=replace", "migrations.0.split=per_shard",
                                      "migrations.0.skip_delta_pass=false",
                                      "anti_entropy.enabled=true"}));
}

TEST_F(SweepTest, AReadingThatDoesNotLoadIsRefusedWhereItIsWritten) {
  std::string text = kTinyScenario;
  text += "  readings:\n    - {}\n    - {migrations.0.split: halves}\n";
  const auto loaded = LoadScenarioFile(Write("bad.yaml", text));
  ASSERT_FALSE(loaded.has_value());
  EXPECT_NE(loaded.error().message.find("bad.yaml:15:7: with sweep.readings[1] = "
                                        "{migrations.0.split: halves}, at 15:28: "),
            std::string::npos)
      << loaded.error().message;
}

TEST_F(SweepTest, GridLargerThanTheBoundIsRefused) {
  auto loaded = LoadScenarioFile(scenario_);
  ASSERT_TRUE(loaded.has_value());
  const auto grid = SweepGrid::Build({loaded.value()}, {}, SeedRange{0, UINT64_MAX});
  ASSERT_FALSE(grid.has_value());
  EXPECT_EQ(
      grid.error(),
      "the grid has more than 100000000 runs (scenario files x sweep.matrix combinations x seeds)");
}

TEST_F(SweepTest, ShardsOfRealGridsCoverEveryIndexExactlyOnce) {
  // 4 matrix combinations x 1, 2 or 3 seeds: grids of 4, 8 and 12 points,
  // split 1 to 13 ways (more shards than points included).
  for (std::uint64_t seeds = 1; seeds <= 3; ++seeds) {
    const SweepGrid grid = Grid({}, SeedRange{1, seeds});
    ASSERT_EQ(grid.size(), 4 * seeds);
    for (std::uint64_t count = 1; count <= 13; ++count) {
      std::vector<int> seen(grid.size(), 0);
      std::uint64_t total = 0;
      for (std::uint64_t index = 0; index < count; ++index) {
        const Shard shard{index, count};
        total += grid.ShardSize(shard);
        for (std::uint64_t position = 0; position < grid.ShardSize(shard); ++position) {
          const std::uint64_t point = grid.ShardPoint(shard, position);
          ASSERT_LT(point, grid.size());
          EXPECT_TRUE(shard.Contains(point));
          ++seen[point];
        }
      }
      EXPECT_EQ(total, grid.size()) << "seeds " << seeds << " count " << count;
      EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<std::ptrdiff_t>(grid.size()))
          << "seeds " << seeds << " count " << count;
    }
  }
}

TEST(SweepFlags, SeedsAndShardParseAndRejectWithOneClearSentence) {
  EXPECT_EQ(ParseSeeds("40").value().first, 1u);
  EXPECT_EQ(ParseSeeds("40").value().last, 40u);
  EXPECT_EQ(ParseSeeds("7..9").value().first, 7u);
  EXPECT_EQ(ParseSeeds("7..9").value().last, 9u);
  EXPECT_EQ(ParseSeeds("0").error().message, "expected N (seeds 1..N, N >= 1) or A..B, got \"0\"");
  EXPECT_EQ(ParseSeeds("9..7").error().message, "\"9..7\" ends before it begins");
  EXPECT_EQ(ParseSeeds("-3").error().message,
            "expected N (seeds 1..N, N >= 1) or A..B, got \"-3\"");
  EXPECT_EQ(ParseShard("0/3").value().index, 0u);
  EXPECT_EQ(ParseShard("2/3").value().count, 3u);
  EXPECT_EQ(ParseShard("3/3").error(),
            "expected I/N with 0 <= I < N (I counts from 0), got \"3/3\"");
  EXPECT_FALSE(ParseShard("1/0").has_value());
  EXPECT_FALSE(ParseShard("1").has_value());
}

TEST_F(SweepTest, UsageMistakesExitTwoWithOneLine) {
  std::string err;
  EXPECT_EQ(Sweep({scenario_, "--resume"}, &err), kExitUsage);
  EXPECT_EQ(err, "cutover-sim sweep: --resume needs --out FILE.jsonl, the file it resumes\n");
  EXPECT_EQ(Sweep({scenario_, "--jobs", "0"}, &err), kExitUsage);
  EXPECT_EQ(err, "cutover-sim sweep: --jobs: expected a number from 1 to 256, got \"0\"\n");
  EXPECT_EQ(Sweep({scenario_, "--shard", "4/4"}, &err), kExitUsage);
  EXPECT_EQ(
      err,
      "cutover-sim sweep: --shard: expected I/N with 0 <= I < N (I counts from 0), got \"4/4\"\n");
  EXPECT_EQ(Sweep({scenario_, "--seeds", "x"}, &err), kExitUsage);
  EXPECT_EQ(err,
            "cutover-sim sweep: --seeds: expected N (seeds 1..N, N >= 1) or A..B, got \"x\"\n");
  const std::string bad = Write("bad.yaml", "name: bad\ncluster: {shards: 0}\n");
  EXPECT_EQ(Sweep({bad, "--out", Path("out.jsonl")}, &err), kExitUsage);
  EXPECT_TRUE(err.starts_with(bad + ":2:")) << err;
  EXPECT_FALSE(fs::exists(Path("out.jsonl")));  // bad input writes nothing
}

TEST_F(SweepTest, RecordsKeepSpecFieldsAndAddParamsAndGridInGridOrder) {
  ASSERT_EQ(Sweep({scenario_, "--jobs", "1", "--out", Path("all.jsonl")}), kExitOk);
  const std::vector<Json> records = Records(Path("all.jsonl"));
  ASSERT_EQ(records.size(), 12u);
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Json& r = records[i];
    for (const char* field :
         {"scenario",   "file",          "seed",        "params",     "outcome",
          "reason",     "phase_reached", "writes",      "acked_docs", "lost_at_cutover",
          "lost",       "divergent",     "resurrected", "loss_rate",  "migrated_docs",
          "delta_docs", "ae_repairs",    "drain",       "cdc",        "sim_time_ns",
          "events",     "trace_hash"}) {
      EXPECT_TRUE(r.contains(field)) << field;
    }
    EXPECT_EQ(r["file"], scenario_);
    EXPECT_EQ(r["seed"], i % 3 + 1);
    EXPECT_EQ(r["grid"]["index"], i);
    EXPECT_EQ(r["grid"]["combination"], i / 3);
    EXPECT_EQ(r["params"]["migrations.0.skip_delta_pass"], i / 6 == 0 ? "false" : "true");
    EXPECT_EQ(r["params"]["anti_entropy.enabled"], i / 3 % 2 == 0 ? "true" : "false");
  }
}

TEST_F(SweepTest, JobsTwoWritesTheSameRecordsAsJobsOne) {
  ASSERT_EQ(Sweep({scenario_, "--seeds", "1..5", "--jobs", "1", "--out", Path("one.jsonl")}),
            kExitOk);
  ASSERT_EQ(Sweep({scenario_, "--seeds", "1..5", "--jobs", "2", "--out", Path("two.jsonl")}),
            kExitOk);
  const std::vector<Json> one = Records(Path("one.jsonl"));
  ASSERT_EQ(one.size(), 20u);
  EXPECT_EQ(one, Records(Path("two.jsonl")));
}

TEST_F(SweepTest, ShardFilesTogetherHoldTheUnshardedSweepOnce) {
  ASSERT_EQ(Sweep({scenario_, "--jobs", "2", "--out", Path("all.jsonl")}), kExitOk);
  std::vector<Json> merged;
  for (int i = 0; i < 3; ++i) {
    const std::string out = Path(fmt::format("shard-{}.jsonl", i));
    ASSERT_EQ(Sweep({scenario_, "--shard", fmt::format("{}/3", i), "--jobs", "2", "--out", out}),
              kExitOk);
    const std::vector<Json> records = Records(out);
    EXPECT_EQ(records.size(), 4u);
    for (const Json& r : records)
      EXPECT_EQ(r["grid"]["index"].get<std::uint64_t>() % 3, static_cast<std::uint64_t>(i));
    merged.insert(merged.end(), records.begin(), records.end());
  }
  std::sort(merged.begin(), merged.end(),
            [](const Json& a, const Json& b) { return a["grid"]["index"] < b["grid"]["index"]; });
  EXPECT_EQ(merged, Records(Path("all.jsonl")));
}

TEST_F(SweepTest, ResumeAfterTornFileRunsEveryMissingPointOnceAndMatchesAnUninterruptedSweep) {
  ASSERT_EQ(Sweep({scenario_, "--jobs", "1", "--out", Path("all.jsonl")}), kExitOk);
  const std::string all = Read(Path("all.jsonl"));
  // The first five records and half of the sixth, as a killed sweep leaves it.
  std::size_t cut = 0;
  for (int line = 0; line < 5; ++line) cut = all.find('\n', cut) + 1;
  const std::size_t sixth_end = all.find('\n', cut);
  Write("resumed.jsonl", all.substr(0, cut + (sixth_end - cut) / 2));

  std::string err;
  ASSERT_EQ(Sweep({scenario_, "--jobs", "2", "--out", Path("resumed.jsonl"), "--resume"}, &err),
            kExitOk);
  EXPECT_NE(err.find("sweep: 7 runs"), std::string::npos) << err;
  EXPECT_NE(err.find("5 already in"), std::string::npos) << err;
  EXPECT_EQ(Records(Path("resumed.jsonl")), Records(Path("all.jsonl")));

  // Resuming a complete file runs nothing and changes nothing.
  const std::string complete = Read(Path("resumed.jsonl"));
  ASSERT_EQ(Sweep({scenario_, "--out", Path("resumed.jsonl"), "--resume"}, &err), kExitOk);
  EXPECT_NE(err.find("sweep: 0 runs"), std::string::npos) << err;
  EXPECT_EQ(Read(Path("resumed.jsonl")), complete);
}

TEST_F(SweepTest, ResumeOfAMissingFileStartsIt) {
  ASSERT_EQ(Sweep({scenario_, "--seeds", "1", "--out", Path("new.jsonl"), "--resume"}), kExitOk);
  EXPECT_EQ(Records(Path("new.jsonl")).size(), 4u);
}

TEST_F(SweepTest, ResumeRefusesAFileWithABrokenCompleteLine) {
  Write("broken.jsonl", "{\"not\": \"a record\"}\n");
  std::string err;
  EXPECT_EQ(Sweep({scenario_, "--out", Path("broken.jsonl"), "--resume"}, &err), kExitUsage);
  EXPECT_TRUE(err.starts_with(Path("broken.jsonl") + ":1: not a result record: ")) << err;
}

TEST_F(SweepTest, OutputThatIsTheScenarioOrNotAResultsFileIsRefusedAndLeftAlone) {
  std::string err;
  const std::string scenario_text = Read(scenario_);
  EXPECT_EQ(Sweep({scenario_, "--seeds", "1", "--out", scenario_}, &err), kExitUsage);
  EXPECT_NE(err.find("is also an input"), std::string::npos) << err;
  EXPECT_EQ(Read(scenario_), scenario_text);

  Write("notes.txt", "my notes\n");
  EXPECT_EQ(Sweep({scenario_, "--seeds", "1", "--out", Path("notes.txt")}, &err), kExitUsage);
  EXPECT_NE(err.find("its first line is not a result record"), std::string::npos) << err;
  EXPECT_EQ(Read(Path("notes.txt")), "my notes\n");
}

TEST_F(SweepTest, ASecondWriterOfTheSameResultsFileIsRefusedWithThePidHoldingIt) {
  const std::string path = Path("locked.jsonl");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // holds the lock until killed
    ResultsWriter holder(path, /*append=*/true);
    const char byte = holder.ok() ? 1 : 0;
    (void)!write(ready[1], &byte, 1);
    pause();
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 1);
  const ResultsWriter second(path, /*append=*/true);
  EXPECT_FALSE(second.ok());
  EXPECT_EQ(second.error(), path + ": another sweep (pid " + std::to_string(child) +
                                ") is writing it; wait for it or choose another --out");
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
}

TEST_F(SweepTest, MissedExpectationExitsOneAndPrintsReproduceWithTheMatrixSets) {
  const Args args = {scenario_, "--set", "expect.lost=0",   "--seeds",
                     "1..3",    "--out", Path("miss.jsonl")};
  std::string err;
  ASSERT_EQ(Sweep(args, &err), kExitMissed);
  // Skipping the delta pass loses writes at some seeds (see the matrix).
  EXPECT_NE(err.find("  reproduce: cutover-sim run " + scenario_ +
                     " --seed 1 --set expect.lost=0 --set "
                     "migrations.0.skip_delta_pass=true --set anti_entropy.enabled=true "
                     "--model-version " +
                         std::to_string(model::kModelVersion) + "\n"),
            std::string::npos)
      << err;
  // A resumed sweep reports the misses already in the file too.
  ASSERT_EQ(Sweep({scenario_, "--set", "expect.lost=0", "--seeds", "1..3", "--out",
                   Path("miss.jsonl"), "--resume"},
                  &err),
            kExitMissed);
  EXPECT_NE(err.find("(recorded earlier): lost: "), std::string::npos) << err;
}

}  // namespace
}  // namespace tools
