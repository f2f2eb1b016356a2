// Tests for the result record (tools/experiment/record_format.h): the one
// writer and the one reader agree on every field, and the reader refuses
// what is not a record with one sentence.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/model/faults.h"
#include "tools/experiment/record_format.h"
#include "tools/experiment/runner.h"
#include "tools/scenario/scenario.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;

// A real run's record: every field filled by the run, not by hand.
Record RealRecord() {
  auto loaded = LoadScenarioText(
      "name: r\ncluster: {shards: 4}\nworkload: {preload: 100, writes: 300, rate: 3000, "
      "keys: {space: 1000}}\nmigration: {start: 10ms}\n"
      "faults: [{kind: write_failure, node: new-3, probability: 0.1, from: 0s, until: 50ms}]\n"
      "swarm: {kinds: [crash], max_faults: 2}\nexpect: {lost: 0, outcome: complete}\n",
      "r.yaml", {"migrations.0.skip_delta_pass=true"});
  EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
  ScenarioRun run = RunScenario(loaded.value(), 4, false);
  run.record.grid = GridPlace{7, 2};
  return run.record;
}

TEST(Record, WhatTheWriterWritesTheReaderReadsBackExactly) {
  const Record record = RealRecord();
  const std::string line = WriteRecordLine(record);
  ASSERT_TRUE(line.ends_with("\n"));
  const auto read = ReadRecordLine(std::string_view(line).substr(0, line.size() - 1));
  ASSERT_TRUE(read.has_value()) << read.error().what;
  EXPECT_EQ(WriteRecordLine(read.value()), line);
  EXPECT_EQ(read.value().result.trace_hash, record.result.trace_hash);
  EXPECT_EQ(read.value().context.knobs, record.context.knobs);
  EXPECT_EQ(read.value().context.verdicts.size(), 2u);
}

TEST(Record, CarriesTheContractsFieldsInOrder) {
  const Json json = Json::parse(WriteRecordLine(RealRecord()));
  // The fixed names of README.md, "Result record", in the writer's order.
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"scenario",
                                            "file",
                                            "seed",
                                            "params",
                                            "configuration",
                                            "fault_mix",
                                            "knobs",
                                            "outcome",
                                            "reason",
                                            "phase_reached",
                                            "writes",
                                            "acked_docs",
                                            "lost_at_cutover",
                                            "lost",
                                            "divergent",
                                            "resurrected",
                                            "causes",
                                            "loss_rate",
                                            "acked_docs_at_cutover",
                                            "loss_rate_at_cutover",
                                            "divergent_at_cutover",
                                            "acked_puts",
                                            "destroyed",
                                            "destroyed_rate",
                                            "exposure",
                                            "migrated_docs",
                                            "delta_docs",
                                            "ae_repairs",
                                            "ae_divergent",
                                            "ae_passes",
                                            "drain",
                                            "cdc",
                                            "held_writes",
                                            "rejected_writes",
                                            "migrations",
                                            "swarm_faults",
                                            "expect",
                                            "model_version",
                                            "commit",
                                            "sim_time_ns",
                                            "events",
                                            "trace_hash",
                                            "wall_ms",
                                            "speed",
                                            "grid"}));
  EXPECT_EQ(json["writes"].size(), 4u);
  EXPECT_EQ(json["drain"].size(), 3u);
  EXPECT_EQ(json["cdc"].size(), 6u);  // events, suppressed, anomalies and the three kinds
  EXPECT_EQ(json["params"]["migrations.0.skip_delta_pass"], "true");
  EXPECT_EQ(json["knobs"]["migrations.0.skip_delta_pass"], "true");
  EXPECT_EQ(json["grid"]["index"], 7);
  EXPECT_EQ(json["configuration"],
            "anti-entropy on, delta pass skipped, 3 nodes + new-3, 10 % write failures on new-3, "
            "random faults (swarm)");
}

// Why the reader refuses the record, or "read".
std::string error(const Json& json) {
  const auto read = ReadRecordLine(json.dump());
  return read.has_value() ? std::string("read") : read.error().what;
}

TEST(Record, ARequiredFieldMissingOrOfTheWrongTypeIsOneSentence) {
  const Json good = Json::parse(WriteRecordLine(RealRecord()));
  Json json = good;
  json["writes"].erase("acked");
  EXPECT_EQ(error(json), "missing field \"writes.acked\"");
  json = good;
  json["trace_hash"] = "12";
  EXPECT_EQ(error(json), "field \"trace_hash\" must be 16 hex digits, not \"12\"");
  json = good;
  json["drain"]["timed_out"] = 1;
  EXPECT_EQ(error(json), "field \"drain.timed_out\" must be true or false, not 1");
  json = good;
  json["params"] = {{"a", {1, 2}}};
  EXPECT_EQ(error(json), "field \"params\" must map paths to values, not \"a\" to [1,2]");
  json = good;
  json["loss_rate"] = 2.0;
  EXPECT_EQ(error(json), "\"loss_rate\" 2 is not within [0, 1]");
  json = good;
  json.erase("knobs");
  json.erase("configuration");
  json.erase("grid");
  json.erase("expect");
  json.erase("causes");
  EXPECT_EQ(error(json), "read");  // written before these fields existed
}

TEST(Record, ANumberTooLargeForADoubleIsASentenceNotACrash) {
  const auto read = ReadRecordLine("{\"scenario\": \"a\", \"seed\": 1e400}");
  ASSERT_FALSE(read.has_value());
  EXPECT_TRUE(read.error().what.starts_with("not a result record: number overflow"))
      << read.error().what;
}

TEST(Record, CausesNameKnownCausesAndCountEveryLoss) {
  const Json good = Json::parse(WriteRecordLine(RealRecord()));
  Json json = good;
  json["lost"] = 3;
  json["resurrected"] = 1;
  json["causes"] = {{"error_reply_acked", 3}, {"resurrected_delete", 1}};
  EXPECT_EQ(error(json), "read");
  const auto read = ReadRecordLine(json.dump());
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read.value().result.causes[static_cast<std::size_t>(model::LossCause::kErrorReplyAcked)],
            3u);
  json["causes"] = {{"error_reply_acked", 2}};
  EXPECT_EQ(error(json), "\"causes\" count 2 documents, not \"lost\" + \"resurrected\" = 4");
  json["causes"] = {{"gremlins", 4}};
  EXPECT_EQ(error(json), "field \"causes\" names no cause of loss: \"gremlins\"");
  json["causes"] = {{"unexplained", -4}};
  EXPECT_EQ(error(json), "field \"causes\" must map causes to counts, not \"unexplained\" to -4");
}

TEST(Record, TextThatIsNotJsonNamesItsColumn) {
  const auto read = ReadRecordLine("{\"scenario\": nope}");
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().column, 15u);
}

TEST(RunKey, TheOrderOfParamsDoesNotMakeAnotherRun) {
  EXPECT_EQ(RunKey("s", {{"a", "1"}, {"b", "2"}}, 3), RunKey("s", {{"b", "2"}, {"a", "1"}}, 3));
  EXPECT_NE(RunKey("s", {{"a", "1"}}, 3), RunKey("s", {{"a", "2"}}, 3));
  EXPECT_NE(RunKey("s", {}, 3), RunKey("t", {}, 3));
  EXPECT_EQ(RunKey("s", {{"a", "1"}}, 3), RunKeyPrefix("s", {{"a", "1"}}) + "3");
}

}  // namespace
}  // namespace tools
