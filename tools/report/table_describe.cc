// The configuration of a table row in words: as its records carry it
// (tools/scenario/describe.h, written when the run was made), or, for
// records written before they carried it, from the params alone. Never
// from the scenario file, which may have moved or changed since.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "tools/report/table.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;

std::optional<bool> AsBool(const std::string& text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

const char* OnOff(bool on) {
  return on ? "on" : "off";
}

// Words for the overrides the table's readers ask about, of the first (or
// only) migration; nothing for any other path.
std::optional<std::string> ParamWords(const std::string& path, const std::string& text) {
  const std::optional<bool> on = AsBool(text);
  if (!on) return std::nullopt;
  if (path == "anti_entropy.enabled") return fmt::format("anti-entropy {}", OnOff(*on));
  const std::string_view tail = path.starts_with("migrations.0.")
                                    ? std::string_view(path).substr(13)
                                : path.starts_with("migration.") ? std::string_view(path).substr(10)
                                                                 : std::string_view();
  if (tail == "skip_delta_pass") return *on ? "delta pass skipped" : "delta pass on";
  if (tail == "anti_entropy_enabled")
    return fmt::format("coordinator's anti-entropy flag {}", OnOff(*on));
  if (tail == "allow_unsafe") return *on ? "unsafe cutover allowed" : "unsafe cutover refused";
  return std::nullopt;
}

std::string FallbackWords(const TableRow& row) {
  std::string words = DescribeParams(row.params);
  if (!words.empty()) return words;
  return fmt::format("as in {}", row.file.empty() ? row.scenario : row.file);
}

}  // namespace

std::string DescribeParams(const Json& params) {
  std::vector<std::string> parts;
  for (const auto& [path, value] : params.items()) {
    const std::string text = ParamText(value);
    parts.push_back(ParamWords(path, text).value_or(fmt::format("{}={}", path, text)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::optional<std::string> DescribeRow(TableRow& row) {
  if (!row.configuration.empty()) return std::nullopt;
  row.configuration = FallbackWords(row);
  return fmt::format(
      "warning: {} is described from its params only: its records carry no configuration",
      row.scenario);
}

std::vector<std::string> DescribeRows(std::vector<TableRow>& rows) {
  std::vector<std::string> warnings;
  std::set<std::string> warned_files;  // one warning per scenario file, not per row
  for (TableRow& row : rows) {
    const std::optional<std::string> warning = DescribeRow(row);
    if (warning && warned_files.insert(row.file).second) warnings.push_back(*warning);
  }
  // Rows of one scenario that read the same (groups of the same sizes but
  // other nodes, say) must still tell apart: spell out all their params.
  std::map<std::pair<std::string, std::string>, int> seen;
  for (const TableRow& row : rows) ++seen[{row.scenario, row.configuration}];
  for (TableRow& row : rows) {
    if (seen[{row.scenario, row.configuration}] < 2 || row.params.empty()) continue;
    std::vector<std::string> params;
    for (const auto& [path, value] : row.params.items()) {
      params.push_back(fmt::format("{}={}", path, ParamText(value)));
    }
    row.configuration += fmt::format(" ({})", fmt::join(params, ", "));
  }
  return warnings;
}

}  // namespace tools
