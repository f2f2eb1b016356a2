// Tests for `cutover-sim table` (tools/cli/table_command.cc): files, formats and
// exit codes. The table itself is tests/tools/report/table_test.cc.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/tools/experiment/record_lines.h"
#include "tools/cli/command_line.h"
#include "tools/cli/commands.h"

#ifndef CUTOVER_SOURCE_DIR
#define CUTOVER_SOURCE_DIR "."
#endif

namespace tools {
namespace {

namespace fs = std::filesystem;
using testing::Json;
using testing::Line;
class TableCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / fmt::format("table_test.{}.{}", getpid(), test->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // The exit code; the command's stderr goes to `error`.
  int Run(const Args& args, std::string* error = nullptr) {
    ::testing::internal::CaptureStderr();
    const int code = TableCommand(args);
    const std::string captured = ::testing::internal::GetCapturedStderr();
    if (error != nullptr) *error = captured;
    return code;
  }

  fs::path dir_;
};

TEST_F(TableCommandTest, WritesTheChosenFormatToOutWhole) {
  const std::string results =
      Write("r.jsonl", Line("a", Json::object(), 1) + Line("a", Json::object(), 2));
  const std::string out = (dir_ / "table.csv").string();
  EXPECT_EQ(Run({results, "--format", "csv", "--out", out}), kExitOk);
  std::ifstream in(out);
  std::string header, row, rest;
  std::getline(in, header);
  std::getline(in, row);
  EXPECT_TRUE(header.starts_with("scenario,file,params,"));
  EXPECT_TRUE(row.starts_with("a,")) << row;
  EXPECT_FALSE(std::getline(in, rest));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()),
            2);  // no temporary left
}

TEST_F(TableCommandTest, OutThatIsAnInputIsRefusedAndTheInputKept) {
  const std::string text = Line("a", Json::object(), 1);
  const std::string results = Write("r.jsonl", text);
  std::string error;
  EXPECT_EQ(Run({results, "--out", results}, &error), kExitUsage);
  EXPECT_EQ(error, "cutover-sim table: --out \"" + results +
                       "\" is also an input; it would be overwritten: choose another path\n");
  std::ifstream in(results);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), text);
}

TEST_F(TableCommandTest, AnErrorAfterAWarningIsStillOneLine) {
  const std::string torn = Write("torn.jsonl", Line("a", Json::object(), 1) + "{\"scen");
  const std::string bad = Write("bad.jsonl", "not json\n");
  std::string error;
  EXPECT_EQ(Run({torn, bad}, &error), kExitUsage);
  EXPECT_EQ(std::count(error.begin(), error.end(), '\n'), 1) << error;
  EXPECT_TRUE(error.starts_with(bad + ":1:")) << error;
}

TEST_F(TableCommandTest, AStaleTemporaryOfAGoneProcessIsRemovedAndALiveOnesKept) {
  const std::string results = Write("r.jsonl", Line("a", Json::object(), 1));
  const std::string out = (dir_ / "t.md").string();
  Write("t.md.tmp.999999999", "left by a killed run");  // beyond any pid_max
  Write("t.md.tmp.1", "init's, alive");
  EXPECT_EQ(Run({results, "--out", out}), kExitOk);
  EXPECT_FALSE(fs::exists(out + ".tmp.999999999"));
  EXPECT_TRUE(fs::exists(out + ".tmp.1"));
  EXPECT_TRUE(fs::exists(out));
}

TEST_F(TableCommandTest, BadInputIsExitTwoWithOneLine) {
  const std::string results = Write("r.jsonl", Line("a", Json::object(), 1) + "not json\n");
  std::string error;
  EXPECT_EQ(Run({results}, &error), kExitUsage);
  EXPECT_EQ(
      error,
      results +
          ":2:2: not JSON: syntax error while parsing value - invalid literal; last read: 'no'\n");
}

TEST_F(TableCommandTest, NoRecordsIsExitTwo) {
  const std::string empty = Write("empty.jsonl", "");
  const std::string torn = Write("torn.jsonl", "{\"scenario\":");
  std::string error;
  EXPECT_EQ(Run({empty, torn}, &error), kExitUsage);
  EXPECT_EQ(
      error,
      fmt::format(
          "{}:1: warning: skipped the last line, which has no newline at its end (cut off by an "
          "interrupted sweep?)\ncutover-sim table: no result records in {}, {}\n",
          torn, empty, torn));
}

TEST_F(TableCommandTest, UnknownFormatIsExitTwo) {
  const std::string results = Write("r.jsonl", Line("a", Json::object(), 1));
  std::string error;
  EXPECT_EQ(Run({results, "--format", "xml"}, &error), kExitUsage);
  EXPECT_EQ(error,
            "cutover-sim table: --format must be md, text, csv, json or html, not \"xml\"\n");
}

TEST_F(TableCommandTest, HeadlineRowsAreFoundWhateverTheOrderOfTheirParams) {
  const std::string results =
      Write("r.jsonl", Line("a", Json{{"x", "1"}, {"y", "2"}}, 1) + Line("b", Json::object(), 1));
  const std::string headline = Write("h.jsonl", Line("a", Json{{"y", "2"}, {"x", "1"}}, 1));
  const std::string out = (dir_ / "page.html").string();
  EXPECT_EQ(Run({results, "--format", "html", "--headline", headline, "--out", out}), kExitOk);
  std::ifstream in(out);
  const std::string page(std::istreambuf_iterator<char>(in), {});
  EXPECT_NE(page.find("<h2>The seed report's rows</h2>\n<p>1 row:"), std::string::npos);
  std::string error;
  EXPECT_EQ(Run({results, "--format", "md", "--headline", headline}, &error), kExitUsage);
  EXPECT_EQ(error, "cutover-sim table: --headline draws in --format html only\n");
}

TEST_F(TableCommandTest, ALayoutNamingNoSettingIsExitTwoInOneLine) {
  const std::string results = Write("r.jsonl", Line("a", Json::object(), 1));
  std::string error;
  EXPECT_EQ(Run({results, "--format", "text", "--group-by", "scenario,nope"}, &error), kExitUsage);
  EXPECT_TRUE(error.starts_with("cutover-sim table: \"nope\" is no setting of these records"))
      << error;
  EXPECT_EQ(std::count(error.begin(), error.end(), '\n'), 1) << error;
  EXPECT_EQ(Run({results, "--format", "csv", "--pivot", "scenario"}, &error), kExitUsage);
  EXPECT_EQ(error, "cutover-sim table: --group-by and --pivot lay out md and text only\n");
  EXPECT_EQ(Run({results, "--format", "text", "--width", "12"}, &error), kExitUsage);
  // main() makes a usage mistake one line and exit 2; Boost alone would read -3 as 2^64 - 3.
  EXPECT_THROW(TableCommand({results, "--format", "text", "--width", "-3"}),
               boost::program_options::error);
  EXPECT_EQ(Run({results, "--format", "text", "--width", "100", "--pivot", "scenario"}, &error),
            kExitOk)
      << error;
}

}  // namespace
}  // namespace tools
