// scenarios/schema.json held to the loader's tables: every expectation
// (tools/scenario/expect.h), every fault kind with its keys and required
// keys (model/fault_kinds.h), and every knob with its values
// (tools/scenario/knobs.h) is in the schema as the loader reads it, and
// nothing else is. tools/check_schema.py checks the other half: the schema
// accepts every scenario and refuses every bad one.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "model/fault_kinds.h"
#include "tools/scenario/expect.h"
#include "tools/scenario/knobs.h"
#include "tools/scenario/scenario.h"

namespace tools {
namespace {

using Json = nlohmann::json;
using Names = std::set<std::string>;

Json Schema() {
  std::ifstream in(std::string(CUTOVER_SOURCE_DIR) + "/scenarios/schema.json");
  return Json::parse(in);
}

Names KeysOf(const Json& object) {
  Names names;
  for (const auto& [key, value] : object.items()) names.insert(key);
  return names;
}

TEST(SchemaTables, ExpectationsAreTheTablesEntries) {
  const Json expect = Schema()["properties"]["expect"];
  Names table;
  for (const ExpectationInfo& info : kExpectations) table.insert(std::string(info.name));
  EXPECT_EQ(KeysOf(expect["properties"]), table);
  const Json outcomes = expect["properties"]["outcome"]["enum"];
  EXPECT_EQ(outcomes, Json(std::vector<std::string>(model::kRunOutcomeNames.begin(),
                                                    model::kRunOutcomeNames.end())));
}

TEST(SchemaTables, FaultKindsTakeTheKeysOfTheTable) {
  const Json schema = Schema();
  std::vector<std::string> kinds;
  for (const model::FaultKindInfo& info : model::kFaultKinds) kinds.emplace_back(info.name);
  EXPECT_EQ(schema["definitions"]["fault_kind"]["enum"], Json(kinds));
  const Json& branches = schema["definitions"]["fault"]["allOf"];
  ASSERT_EQ(branches.size(), model::kFaultKinds.size());
  for (const Json& branch : branches) {
    const std::string kind = branch["if"]["properties"]["kind"]["const"];
    const auto info = std::find_if(model::kFaultKinds.begin(), model::kFaultKinds.end(),
                                   [&](const auto& i) { return i.name == kind; });
    ASSERT_NE(info, model::kFaultKinds.end()) << kind;
    Names keys = {"kind"};
    Names required;
    for (std::size_t i = 0; i < info->keys.size(); ++i) {
      if (info->keys[i].empty()) continue;
      keys.insert(std::string(info->keys[i]));
      if (i < info->required) required.insert(std::string(info->keys[i]));
    }
    EXPECT_EQ(KeysOf(branch["then"]["properties"]), keys) << kind;
    EXPECT_EQ(Names(branch["then"]["required"].begin(), branch["then"]["required"].end()),
              required)
        << kind;
  }
}

TEST(SchemaTables, EveryKnobIsInItsBlockWithItsValues) {
  const Json schema = Schema();
  for (const Knob& knob : Knobs()) {
    const Json& block = knob.block == "migrations"
                            ? schema["definitions"]["migration"]["properties"]
                            : schema["properties"][std::string(knob.block)]["properties"];
    ASSERT_TRUE(block.contains(std::string(knob.key))) << knob.block << "." << knob.key;
    const Json& property = block[std::string(knob.key)];
    if (knob.boolean()) {
      EXPECT_EQ(property["type"], "boolean") << knob.key;
    } else {
      EXPECT_EQ(property["enum"], Json(std::vector<std::string>(knob.values.begin(),
                                                                knob.values.end())))
          << knob.key;
    }
  }
}

// Each numeric maximum the schema states, by --set path (through
// properties, oneOf branches and definitions; list items are left out).
void Maximums(const Json& schema, const Json& node, const std::string& path,
              std::vector<std::pair<std::string, Json>>& out) {
  if (node.contains("maximum")) out.emplace_back(path, node["maximum"]);
  if (node.contains("properties")) {
    for (const auto& [key, value] : node["properties"].items()) {
      Maximums(schema, value, path.empty() ? key : path + "." + key, out);
    }
  }
  if (node.contains("oneOf")) {
    for (const Json& branch : node["oneOf"]) Maximums(schema, branch, path, out);
  }
  if (node.contains("$ref")) {
    const std::string ref = node["$ref"];
    Maximums(schema, schema["definitions"][ref.substr(ref.rfind('/') + 1)], path, out);
  }
}

// The schema's limits are the loader's: one past a maximum is out of the
// path's range; the maximum itself is not (it may be refused for something
// else: a preload of 2e8 needs a key space as big).
TEST(SchemaTables, EveryMaximumIsTheLoadersLimit) {
  const Json schema = Schema();
  std::vector<std::pair<std::string, Json>> maximums;
  Maximums(schema, schema, "", maximums);
  ASSERT_GE(maximums.size(), 20u);
  for (const auto& [path, maximum] : maximums) {
    if (path.starts_with("expect.")) continue;  // an expectation's bound, not an input's
    const std::string at_max = maximum.is_number_integer() || maximum.is_number_unsigned()
                                   ? maximum.dump()
                                   : fmt::format("{}", maximum.get<double>());
    const std::string past_max =
        maximum.is_number_unsigned() && maximum.get<std::uint64_t>() == UINT64_MAX
            ? "18446744073709551616"
        : maximum.is_number_integer() || maximum.is_number_unsigned()
            ? std::to_string(maximum.get<std::uint64_t>() + 1)
            : fmt::format("{}", maximum.get<double>() * 1.5);
    const auto past = LoadScenarioText("name: x\n", "x.yaml", {path + "=" + past_max});
    ASSERT_FALSE(past.has_value()) << path << "=" << past_max << " loads";
    const std::string out_of_range = path + ": must be ";
    EXPECT_NE(past.error().message.find(out_of_range), std::string::npos) << past.error().message;
    const auto at = LoadScenarioText("name: x\n", "x.yaml", {path + "=" + at_max});
    if (!at.has_value()) {
      EXPECT_EQ(at.error().message.find(out_of_range), std::string::npos) << at.error().message;
    }
  }
}

}  // namespace
}  // namespace tools
