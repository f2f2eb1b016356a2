#include "tools/scenario/key_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "model/keyspace.h"
#include "model/routing.h"
#include "tools/scenario/scenario.h"

namespace tools {
namespace {

namespace fs = std::filesystem;

// A directory of its own per test, removed after it.
class KeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cutover-keys-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  std::string ErrorOf(const std::string& text) {
    const auto read = ReadKeyFile(Write("keys.txt", text));
    return read.has_value() ? "read" : read.error().message;
  }

  fs::path dir_;
};

TEST_F(KeyFile, IdsFollowByteOrderAndRanksFollowLines) {
  const auto read = ReadKeyFile(Write("keys.txt", "user:b\nuser:a\r\nuser:\xc3\xa9\nuser:c"));
  ASSERT_TRUE(read.has_value()) << read.error().message;
  const model::KeyList& keys = *read.value();
  EXPECT_EQ(keys.by_id, (std::vector<std::string>{"user:a", "user:b", "user:c", "user:\xc3\xa9"}));
  EXPECT_EQ(keys.id_by_rank, (std::vector<std::uint64_t>{1, 0, 3, 2}));
}

TEST_F(KeyFile, EveryBadLineIsNamedWithItsPlace) {
  const std::string path = (dir_ / "keys.txt").string();
  EXPECT_EQ(ErrorOf("a\n\nb\n"), path + ":2:1: empty line: every line is a key");
  EXPECT_EQ(ErrorOf("a\nb\na\n"), path + ":3:1: key \"a\" again (first on line 1)");
  EXPECT_EQ(ErrorOf("a\nok\xff\n"), path + ":2:3: a key that is not valid UTF-8");
  EXPECT_EQ(ErrorOf(std::string(kKeyBytesMax + 1, 'k')),
            path + ":1:1: a key of 1025 bytes; at most 1024");
  EXPECT_EQ(ErrorOf(""), path + ":1:1: no keys: the file is empty");
  EXPECT_EQ(ReadKeyFile((dir_ / "absent.txt").string()).error().message,
            (dir_ / "absent.txt").string() + ": no such file");
}

TEST_F(KeyFile, AChangedFileIsReadAgain) {
  const std::string path = Write("keys.txt", "a\nb\n");
  ASSERT_EQ(ReadKeyFile(path).value()->by_id.size(), 2u);
  Write("keys.txt", "a\nb\nc\n");
  EXPECT_EQ(ReadKeyFile(path).value()->by_id.size(), 3u);
}

TEST_F(KeyFile, AScenarioRunsOnTheFilesKeysFoundBesideIt) {
  Write("keys.txt", "order-9\norder-10\norder-1\n");
  const std::string scenario = Write(
      "s.yaml", "name: n\nworkload: {preload: 2, writes: 5, keys: {file: keys.txt}}\n");
  const auto loaded = LoadScenarioFile(scenario);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const model::WorkloadConfig& workload = loaded.value().model.workload;
  EXPECT_EQ(workload.key_file, "keys.txt");
  EXPECT_EQ(workload.key_space, 3u);
  const model::Keyspace keys(workload.key_space, 16, 3, workload.key_list);
  EXPECT_EQ(keys.Key(keys.ByRank(0)), "order-9");  // the preload begins at the first line
  EXPECT_EQ(keys.Key(0), "order-1");                // ids in byte order
  EXPECT_EQ(keys.shard(0), model::ShardForKey("order-1", 16));
}

TEST_F(KeyFile, AScenarioNamesWhereItsKeyFileIsWrong) {
  Write("keys.txt", "a\n");
  const std::string scenario =
      Write("s.yaml", "name: n\nworkload: {preload: 0, keys: {space: 10, file: keys.txt}}\n");
  EXPECT_EQ(LoadScenarioFile(scenario).error().message,
            scenario + ":2:38: workload.keys: give space or file, not both");
  const std::string bad = Write("t.yaml", "name: n\nworkload: {keys: {file: missing.txt}}\n");
  EXPECT_EQ(LoadScenarioFile(bad).error().message,
            bad + ":2:25: workload.keys.file: " + (dir_ / "missing.txt").string() +
                ": no such file");
  Write("dup.txt", "a\nb\na\n");
  const std::string dup = Write("v.yaml", "name: n\nworkload: {keys: {file: dup.txt}}\n");
  EXPECT_EQ(LoadScenarioFile(dup).error().message,
            dup + ":2:25: workload.keys.file: " + (dir_ / "dup.txt").string() +
                ":3:1: key \"a\" again (first on line 1)");
  const std::string big = Write("u.yaml", "name: n\nworkload: {preload: 2, keys: {file: keys.txt}}\n");
  EXPECT_EQ(LoadScenarioFile(big).error().message,
            big + ":2:21: workload.preload: 2 documents do not fit in the keys of "
                  "workload.keys.file (1)");
}

}  // namespace
}  // namespace tools
