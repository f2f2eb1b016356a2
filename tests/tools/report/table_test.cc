// Tests for the loss-rate table (tools/report/table.h): the
// Wilson interval, reading and grouping records, every input error's text,
// the configuration in words, and the four formats. The HTML page in a real
// browser, every picture drawn, is tests/tools/report/html_check.py
// (cmake/html_test.cmake).
#include "tools/report/table.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/tools/experiment/record_lines.h"

#ifndef CUTOVER_SOURCE_DIR
#define CUTOVER_SOURCE_DIR "."
#endif

namespace tools {
namespace {

using testing::Counts;
using testing::Line;

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// The rows of `text`, or a test failure with the error line.
std::vector<TableRow> RowsOf(const std::string& text) {
  TableReader reader;
  const auto added = reader.AddText(text, "r.jsonl");
  if (!added.has_value()) ADD_FAILURE() << added.error();
  return reader.Rows();
}

// The error line for `text`, or "read" when it reads.
std::string ErrorOf(const std::string& text) {
  TableReader reader;
  const auto added = reader.AddText(text, "r.jsonl");
  return added.has_value() ? "read" : added.error();
}

TEST(WilsonInterval, MatchesKnownValues) {
  const Interval none = WilsonInterval(0, 1000);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.00383, 5e-6);
  const Interval tenth = WilsonInterval(10, 100);
  EXPECT_NEAR(tenth.low, 0.0552, 5e-5);
  EXPECT_NEAR(tenth.high, 0.1744, 5e-5);
  const Interval one = WilsonInterval(1, 10);
  EXPECT_NEAR(one.low, 0.0179, 5e-5);
  EXPECT_NEAR(one.high, 0.4042, 5e-5);
}

TEST(WilsonInterval, StaysInsideZeroOneAndIsSymmetric) {
  const Interval all = WilsonInterval(7, 7);
  EXPECT_EQ(all.high, 1.0);
  EXPECT_GT(all.low, 0.0);
  const Interval a = WilsonInterval(3, 40);
  const Interval b = WilsonInterval(37, 40);
  EXPECT_NEAR(a.low, 1 - b.high, 1e-12);
  EXPECT_NEAR(a.high, 1 - b.low, 1e-12);
}

TEST(TableReader, OneRowPerScenarioAndParamsWithSumsOverSeeds) {
  const Json skip = {{"migrations.0.skip_delta_pass", "true"}};
  const std::string text =
      Line("a", skip, 1, {.acked = 100, .lost = 2, .acked_at_cutover = 50, .lost_at_cutover = 3}) +
      Line("a", Json::object(), 1) +
      Line("a", skip, 2,
           {.acked = 300,
            .lost = 1,
            .acked_at_cutover = 150,
            .lost_at_cutover = 1,
            .divergent = 4,
            .resurrected = 5,
            .outcome = "failed"}) +
      Line("a", skip, 3, {.outcome = "refused"});
  const std::vector<TableRow> rows = RowsOf(text);
  ASSERT_EQ(rows.size(), 2u);
  const TableRow& row = rows[1];  // {} sorts first
  EXPECT_EQ(row.params, skip);
  EXPECT_EQ(row.runs, 3u);
  EXPECT_EQ(row.acked_docs, 1400u);
  EXPECT_EQ(row.lost, 3u);
  EXPECT_EQ(row.acked_docs_at_cutover, 700u);
  EXPECT_EQ(row.lost_at_cutover, 4u);
  EXPECT_EQ(row.divergent, 4u);
  EXPECT_EQ(row.resurrected, 5u);
  EXPECT_EQ(row.outcomes[static_cast<std::size_t>(model::RunOutcome::kComplete)], 1u);
  EXPECT_EQ(row.outcomes[static_cast<std::size_t>(model::RunOutcome::kFailed)], 1u);
  EXPECT_EQ(row.outcomes[static_cast<std::size_t>(model::RunOutcome::kRefused)], 1u);
  EXPECT_EQ(row.file, "scenarios/nowhere/a.yaml");
}

TEST(TableReader, KeyOrderAndValueSpellingDoNotSplitAParameterSet) {
  const std::string text =
      Line("a", {{"x", "true"}, {"y", "5ms"}}, 1) + Line("a", {{"y", "5ms"}, {"x", true}}, 2);
  const std::vector<TableRow> rows = RowsOf(text);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].runs, 2u);
}

TEST(TableReader, RowsSortByScenarioThenParamsWithNumbersAsNumbers) {
  const std::string text = Line("b", Json::object(), 1) +
                           Line("a", {{"workload.rate", "10000"}}, 1) +
                           Line("a", {{"workload.rate", "900"}}, 1) + Line("a", Json::object(), 1);
  const std::vector<TableRow> rows = RowsOf(text);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].scenario, "a");
  EXPECT_EQ(rows[0].params, Json::object());
  EXPECT_EQ(rows[1].params, Json({{"workload.rate", "900"}}));
  EXPECT_EQ(rows[2].params, Json({{"workload.rate", "10000"}}));
  EXPECT_EQ(rows[3].scenario, "b");
}

TEST(TableReader, SkipsACutOffLastLineWithAWarningAndBlankLines) {
  TableReader reader;
  const std::string text = Line("a", Json::object(), 1) + "\n" + Line("a", Json::object(), 2) +
                           "{\"scenario\":\"a\",\"se";
  ASSERT_TRUE(reader.AddText(text, "r.jsonl").has_value());
  EXPECT_EQ(reader.records(), 2u);
  ASSERT_EQ(reader.warnings().size(), 1u);
  EXPECT_EQ(
      reader.warnings()[0],
      "r.jsonl:4: warning: skipped the last line, which has no newline at its end (cut off by an "
      "interrupted sweep?)");
}

TEST(TableReader, ErrorsNameFileLineAndWhatIsWrong) {
  const std::string good = Line("a", Json::object(), 1);
  EXPECT_EQ(ErrorOf(good + "{\"scenario\": nope}\n"),
            "r.jsonl:2:15: not JSON: syntax error while parsing value - invalid literal; last "
            "read: '\"scenario\": no'");
  EXPECT_EQ(ErrorOf("[1, 2]\n"), "r.jsonl:1: not a result record: a JSON array, not an object");
  Json record = Json::parse(good);
  record.erase("acked_docs_at_cutover");
  EXPECT_EQ(ErrorOf(record.dump() + "\n"), "r.jsonl:1: missing field \"acked_docs_at_cutover\"");
  record = Json::parse(good);
  record.erase("params");
  EXPECT_EQ(ErrorOf(record.dump() + "\n"), "r.jsonl:1: missing field \"params\"");
  record = Json::parse(good);
  record["params"] = "x=1";
  EXPECT_EQ(ErrorOf(record.dump() + "\n"),
            "r.jsonl:1: field \"params\" must be an object, not \"x=1\"");
  record = Json::parse(good);
  record["scenario"] = 7;
  EXPECT_EQ(ErrorOf(record.dump() + "\n"), "r.jsonl:1: field \"scenario\" must be a string, not 7");
  record["scenario"] = "";
  EXPECT_EQ(ErrorOf(record.dump() + "\n"), "r.jsonl:1: field \"scenario\" must not be empty");
  record = Json::parse(good);
  record["lost"] = -1;
  EXPECT_EQ(ErrorOf(record.dump() + "\n"),
            "r.jsonl:1: field \"lost\" must be a non-negative integer, not -1");
  record = Json::parse(good);
  record["acked_docs"] = 2.5;
  EXPECT_EQ(ErrorOf(record.dump() + "\n"),
            "r.jsonl:1: field \"acked_docs\" must be a non-negative integer, not 2.5");
  record = Json::parse(good);
  record["outcome"] = "done";
  EXPECT_EQ(ErrorOf(record.dump() + "\n"),
            "r.jsonl:1: field \"outcome\" must be complete, refused, failed, stuck or budget, not "
            "\"done\"");
  EXPECT_EQ(ErrorOf(Line("a", Json::object(), 1, {.acked_at_cutover = 2, .lost_at_cutover = 3})),
            "r.jsonl:1: \"lost_at_cutover\" 3 is more than \"acked_docs_at_cutover\" 2");
  EXPECT_EQ(ErrorOf(good + good),
            "r.jsonl:2: seed 1 of a with the same params is already at r.jsonl:1 (the same records "
            "read twice?)");
}

TEST(TableReader, SumsThatWouldOverflowAreAnError) {
  const Counts huge = {.acked = UINT64_MAX};
  EXPECT_EQ(ErrorOf(Line("a", Json::object(), 1, huge) + Line("a", Json::object(), 2, huge)),
            "r.jsonl:2: the sum of \"acked_docs\" over the runs overflows");
}

TEST(TableReader, MissingFileIsOneLine) {
  TableReader reader;
  const auto added = reader.AddFile("/nonexistent/results.jsonl");
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error(), "/nonexistent/results.jsonl: cannot open the file");
}

TEST(Describe, ParamsInWordsWhereKnownElsePathEqualsValue) {
  EXPECT_EQ(
      DescribeParams({{"anti_entropy.enabled", "true"}, {"migrations.0.skip_delta_pass", true}}),
      "anti-entropy on, delta pass skipped");
  EXPECT_EQ(
      DescribeParams({{"migrations.0.anti_entropy_enabled", "false"}, {"workload.rate", 500}}),
      "coordinator's anti-entropy flag off, workload.rate=500");
  EXPECT_EQ(DescribeParams(Json::object()), "");
}

TableRow RowFor(const std::string& file, const std::string& scenario, const Json& params) {
  TableRow row;
  row.scenario = scenario;
  row.file = file;
  row.params = params;
  return row;
}

TEST(Describe, RowUsesTheWordsItsRecordsCarry) {
  TableRow row = RowFor("/nonexistent/x.yaml", "x", {{"anti_entropy.enabled", "false"}});
  row.configuration = "anti-entropy off, 3 nodes + new-3, no faults";
  EXPECT_EQ(DescribeRow(row), std::nullopt);
  EXPECT_EQ(row.configuration, "anti-entropy off, 3 nodes + new-3, no faults");
}

TEST(Describe, RowWithoutWordsFallsBackToItsParams) {
  TableRow row = RowFor("/nonexistent/x.yaml", "x", {{"anti_entropy.enabled", "false"}});
  EXPECT_EQ(DescribeRow(row),
            "warning: x is described from its params only: its records carry no configuration");
  EXPECT_EQ(row.configuration, "anti-entropy off");
  row.params = Json::object();
  row.configuration.clear();
  EXPECT_NE(DescribeRow(row), std::nullopt);
  EXPECT_EQ(row.configuration, "as in /nonexistent/x.yaml");
}

TEST(Describe, RowsThatReadTheSameSpellOutTheirParamsAndFilesWarnOnce) {
  const std::string words =
      "anti-entropy on, delta pass skipped, 1 node + new-3, 5 % write failures on new-3";
  std::vector<TableRow> rows = {
      RowFor("s.yaml", "s", {{"cluster.groups", "[{nodes: [old-0]}]"}}),
      RowFor("s.yaml", "s", {{"cluster.groups", "[{nodes: [x-0]}]"}}),
      RowFor("s.yaml", "s", {{"cluster.groups", "[{nodes: [old-0, old-1]}]"}}),
      RowFor("/nonexistent/y.yaml", "y", {{"a", 1}}),
      RowFor("/nonexistent/y.yaml", "y", {{"a", 2}}),
  };
  rows[0].configuration = words;
  rows[1].configuration = words;
  rows[2].configuration =
      "anti-entropy on, delta pass skipped, 2 nodes + new-3, 5 % write failures on new-3";
  const std::vector<std::string> warnings = DescribeRows(rows);
  EXPECT_EQ(rows[0].configuration, words + " (cluster.groups=[{nodes: [old-0]}])");
  EXPECT_EQ(rows[1].configuration, words + " (cluster.groups=[{nodes: [x-0]}])");
  EXPECT_EQ(rows[2].configuration,
            "anti-entropy on, delta pass skipped, 2 nodes + new-3, 5 % write failures on new-3");
  EXPECT_EQ(rows[3].configuration, "a=1");
  EXPECT_EQ(warnings, std::vector<std::string>{
                          "warning: y is described from its params only: its records carry no "
                          "configuration"});
}

// Two rows: one with losses, one where no write was acked.
std::vector<TableRow> TwoRows() {
  std::vector<TableRow> rows = RowsOf(
      Line("a|b", {{"anti_entropy.enabled", "false"}}, 1,
           {.acked = 1000, .lost = 10, .acked_at_cutover = 100, .lost_at_cutover = 10}) +
      Line("z", Json::object(), 1, {.acked = 0, .acked_at_cutover = 0, .outcome = "refused"}));
  rows[0].configuration = "anti-entropy off";
  rows[1].configuration = "as in z.yaml";
  rows[0].fault_mix = "2 % write failures on new-1";
  rows[1].fault_mix = "no faults";
  rows[0].acked_puts = 2000;
  rows[0].destroyed = 4;
  rows[0].exposed_temporary = 2;
  rows[0].exposed_permanent = 1;
  rows[0].missing_doc_s = 3.5;
  rows[0].longest_gap_s = 2.0;
  rows[0].causes[static_cast<std::size_t>(model::LossCause::kStaleCopyOverwrite)] = 3;
  rows[0].causes[static_cast<std::size_t>(model::LossCause::kErrorReplyAcked)] = 7;
  return rows;
}

TEST(TableRows, RunsThatMissedAnExpectationAreCountedPerRow) {
  const std::vector<TableRow> rows = RowsOf(
      Line("a", Json::object(), 1, {.lost = 2, .missed = true}) + Line("a", Json::object(), 2) +
      Line("a", Json::object(), 3, {.lost = 1, .missed = true}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].expect_missed, 2u);
  EXPECT_EQ(FormatOutcomes(rows[0]), "3 complete; 2 missed expect:");
}

TEST(TableRows, OnlyTheSettingsThatDifferBetweenRowsBecomeColumns) {
  const std::vector<TableRow> rows =
      RowsOf(Line("a", {{"x", "1"}, {"y", "2"}}, 1) + Line("a", {{"x", "1"}, {"y", "3"}}, 1) +
             Line("b", {{"x", "1"}, {"y", "3"}, {"z", "on"}}, 1));
  EXPECT_EQ(VaryingSettings(rows), (std::vector<std::string>{"y", "z"}));
  EXPECT_EQ(SettingOf(rows[0], "z"), "");
  const std::string csv = FormatCsv(rows);
  EXPECT_TRUE(csv.starts_with("scenario,file,params,configuration,fault_mix,y,z,runs,")) << csv;
  const auto json = nlohmann::json::parse(FormatJson(rows));
  EXPECT_EQ(json[2]["z"], "on");
}

TEST(TableRows, ExposureSumsOverRunsAndKeepsTheLongestGap) {
  model::Exposure a;
  a.docs = 3;
  a.temporary = 2;
  a.permanent = 1;
  a.missing_doc_seconds = 1.5;
  a.longest_gap_s = 1.0;
  model::Exposure b = a;
  b.missing_doc_seconds = 4.0;
  b.longest_gap_s = 3.0;
  const std::vector<TableRow> rows = RowsOf(Line("a", Json::object(), 1, {.exposure = a}) +
                                            Line("a", Json::object(), 2, {.exposure = b}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].exposed_temporary, 4u);
  EXPECT_EQ(rows[0].exposed_permanent, 2u);
  EXPECT_DOUBLE_EQ(rows[0].missing_doc_s, 5.5);
  EXPECT_DOUBLE_EQ(rows[0].longest_gap_s, 3.0);
}

TEST(TableFormats, RatesInPercentWithTheirInterval) {
  EXPECT_EQ(FormatRatePercent(0, 1000), "0.000 % [0.000, 0.383]");
  EXPECT_EQ(FormatRatePercent(10, 100), "10.000 % [5.523, 17.437]");
  EXPECT_EQ(FormatRatePercent(0, 0), "n/a (no acked writes)");
  EXPECT_EQ(FormatRatePercent(0, 2'713'334),
            "0.000 % [0.000, 0.00014]");  // two significant digits near zero
}

TEST(TableFormats, Markdown) {
  EXPECT_EQ(FormatMarkdown(TwoRows()),
            "| Scenario | anti_entropy.enabled | Fault mix | Runs | Acked docs "
            "| Loss at cutover [95 % CI] "
            "| Loss at end, pooled [95 % CI] | Runs with loss at end [95 % CI] "
            "| Loss at end per run: mean [95 % CI over seeds]; min, median, max "
            "| Divergent | Resurrected | Destroyed puts [95 % CI] "
            "| Unreadable after an ack | Causes at end | Outcomes |\n"
            "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
            "| --- | --- | --- |\n"
            "| a\\|b | false | 2 % write failures on new-1 | 1 | 1000 | 10.000 % [5.523, 17.437] "
            "| 1.000 % [0.544, 1.831] | 1/1 [21, 100] % "
            "| 1.000 % [1.000, 1.000]; min 1.000, median 1.000, max 1.000 | 0 | 0 "
            "| 0.200 % [0.078, 0.513] "
            "| 2 temporary, 1 permanent; 3.5 doc-s, longest 2.0 s "
            "| error_reply_acked 7, stale_copy_overwrite 3 | 1 complete |\n"
            "| z |  | no faults | 1 | 0 | n/a (no acked writes) | n/a (no acked writes) "
            "| 0/1 [0, 79] % | n/a (no acked writes) "
            "| 0 | 0 | n/a (no acked writes) | none | none | 1 refused |\n");
}

TEST(TableFormats, MarkdownNamesTheConfigurationInWordsWhenNoSettingVaries) {
  const std::vector<TableRow> rows = RowsOf(Line("a", Json::object(), 1));
  const std::string md = FormatMarkdown(rows);
  EXPECT_TRUE(md.starts_with("| Scenario | Configuration | Fault mix | Runs |")) << md;
  EXPECT_EQ(std::count(md.begin(), md.end(), '\n'), 3);
}

TEST(TableFormats, CsvHasAHeaderAndFractions) {
  std::istringstream csv(FormatCsv(TwoRows()));
  std::string header, first, second;
  std::getline(csv, header);
  std::getline(csv, first);
  std::getline(csv, second);
  EXPECT_EQ(
      header,
      "scenario,file,params,configuration,fault_mix,anti_entropy.enabled,runs,acked_docs,lost,"
      "loss_rate,"
      "loss_rate_low,loss_"
      "rate_high,runs_with_loss,runs_with_loss_low,runs_with_loss_high,run_loss_mean,"
      "run_loss_mean_low,run_loss_mean_high,run_loss_min,run_loss_median,run_loss_max,"
      "acked_docs_at_cutover,lost_at_cutover,loss_rate_at_cutover,loss_rate_at_cutover_low,"
      "loss_rate_at_cutover_high,divergent,resurrected,acked_puts,destroyed,destroyed_rate,"
      "exposed_temporary,exposed_permanent,missing_doc_s,longest_gap_s,"
      "complete,refused,failed,stuck,budget,expect_missed,cause_error_reply_acked,"
      "cause_tracking_lost_in_crash,cause_untracked_in_flight,"
      "cause_no_replica_for_anti_entropy,cause_missed_new_during_dual_write,"
      "cause_written_after_shard_copy,cause_missed_by_copy,cause_stale_copy_overwrite,"
      "cause_reordered_delete,cause_skewed_stamp_lost,cause_cleanup_deleted_only_copy,"
      "cause_resurrected_delete,cause_unexplained");
  EXPECT_TRUE(first.starts_with(
      "a|b,scenarios/nowhere/"
      "a|b.yaml,\"{\"\"anti_entropy.enabled\"\":\"\"false\"\"}\",anti-entropy off,"
      "2 % write failures on new-1,false,1,1000,10,"
      "0.01,0.00544"))
      << first;
  EXPECT_EQ(second,
            "z,scenarios/nowhere/z.yaml,{},as in z.yaml,no "
            "faults,,1,0,0,,,,0,0.0,0.7934506856227626,,,,,,,0,0,,,,"
            "0,0,0,0,,0,0,0.0,0.0,0,1,0,"
            "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0");
  EXPECT_FALSE(FormatCsv(TwoRows()).ends_with("\n\n"));
}

TEST(TableFormats, JsonIsAnArrayOfRowObjects) {
  const Json rows = Json::parse(FormatJson(TwoRows()));
  ASSERT_TRUE(rows.is_array());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["scenario"], "a|b");
  EXPECT_EQ(rows[0]["lost"], 10);
  EXPECT_DOUBLE_EQ(rows[0]["loss_rate"].get<double>(), 0.01);
  EXPECT_NEAR(rows[0]["loss_rate_at_cutover_low"].get<double>(), 0.0552, 5e-5);
  EXPECT_TRUE(rows[1]["loss_rate"].is_null());
  EXPECT_EQ(rows[1]["refused"], 1);
}

std::size_t CountOf(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

TEST(TableFormats, HtmlCarriesEveryRowAsDataItsScriptCannotBreakOutOf) {
  std::vector<TableRow> rows = TwoRows();
  rows[0].configuration = "<script>alert(1)</script> & more";
  const std::string html = FormatHtml(rows, {false, true});
  EXPECT_EQ(CountOf(html, "<script"), 2u);    // the data and the script that draws it
  EXPECT_EQ(CountOf(html, "</script>"), 2u);  // the row's text cannot end either
  const std::string open = "<script type=\"application/json\" id=\"table-data\">";
  const std::size_t start = html.find(open) + open.size();
  const Json data = Json::parse(html.substr(start, html.find("</script>", start) - start));
  ASSERT_EQ(data["rows"].size(), 2u);
  EXPECT_EQ(data["rows"][0]["configuration"], "<script>alert(1)</script> & more");
  EXPECT_EQ(data["rows"][0]["headline"], false);
  EXPECT_EQ(data["rows"][1]["headline"], true);
  EXPECT_EQ(data["rows"][0]["per_run"], Json::array({1.0}));
  EXPECT_EQ(data["rows"][1]["mean"], nullptr);  // no acked writes: no rate
  EXPECT_EQ(CountOf(html, "http"), 1u);         // the SVG namespace, a name: nothing is fetched
  EXPECT_EQ(CountOf(html, "src="), 0u);
  EXPECT_EQ(CountOf(html, "<link"), 0u);
  EXPECT_NE(html.find("<svg id=\"headline\""), std::string::npos);  // drawn when asked for
  EXPECT_EQ(FormatHtml(rows).find("<svg id=\"headline\""), std::string::npos);
}

// A scratch directory for the command's files, removed afterwards.

}  // namespace
}  // namespace tools
