// scenarios/schema.json held to the loader's tables: every expectation
// (tools/scenario/expect.h), every fault kind with its keys and required
// keys (model/fault_kinds.h), and every knob with its values
// (tools/scenario/knobs.h) is in the schema as the loader reads it, and
// nothing else is. tools/check_schema.py checks the other half: the schema
// accepts every scenario and refuses every bad one.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "model/fault_kinds.h"
#include "tools/scenario/expect.h"
#include "tools/scenario/knobs.h"

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

}  // namespace
}  // namespace tools
