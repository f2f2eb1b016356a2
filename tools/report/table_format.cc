// The loss-rate table as markdown (for reports/ and a terminal), CSV and JSON
// (for scripts: counts and fractions, never rounded percentages).
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <optional>

#include "tools/report/table.h"

namespace tools {
namespace {

using Json = nlohmann::ordered_json;

// RFC 4180: quoted when it holds a comma, a quote or a line break.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The rate and its interval ends, or nothing when no write was acked.
std::optional<std::array<double, 3>> Rate(std::uint64_t lost, std::uint64_t acked) {
  if (acked == 0) return std::nullopt;
  const Interval interval = WilsonInterval(lost, acked);
  return std::array<double, 3>{static_cast<double>(lost) / static_cast<double>(acked), interval.low,
                               interval.high};
}

// Row fields, named as in the result record where the record has the field.
Json RowObject(const TableRow& row, const std::vector<std::string>& varying) {
  Json object = {{"scenario", row.scenario},
                 {"file", row.file},
                 {"params", row.params},
                 {"configuration", row.configuration}};
  object["fault_mix"] = row.fault_mix;
  for (const std::string& path : varying) object[path] = SettingOf(row, path);
  object["runs"] = row.runs;
  const auto add_rate = [&](const std::string& suffix, std::uint64_t lost, std::uint64_t acked) {
    object["acked_docs" + suffix] = acked;
    object["lost" + suffix] = lost;
    const auto rate = Rate(lost, acked);
    object["loss_rate" + suffix] = rate ? Json((*rate)[0]) : Json(nullptr);
    object["loss_rate" + suffix + "_low"] = rate ? Json((*rate)[1]) : Json(nullptr);
    object["loss_rate" + suffix + "_high"] = rate ? Json((*rate)[2]) : Json(nullptr);
  };
  add_rate("", row.lost, row.acked_docs);
  const RunStats runs = SummarizeRuns(row.end_runs);
  object["runs_with_loss"] = runs.runs_with_loss;
  object["runs_with_loss_low"] = runs.runs > 0 ? Json(runs.runs_with_loss_ci.low) : Json(nullptr);
  object["runs_with_loss_high"] = runs.runs > 0 ? Json(runs.runs_with_loss_ci.high) : Json(nullptr);
  const auto rated = [&](double value) { return runs.rated > 0 ? Json(value) : Json(nullptr); };
  object["run_loss_mean"] = rated(runs.mean);
  object["run_loss_mean_low"] = rated(runs.mean_ci.low);
  object["run_loss_mean_high"] = rated(runs.mean_ci.high);
  object["run_loss_min"] = rated(runs.min);
  object["run_loss_median"] = rated(runs.median);
  object["run_loss_max"] = rated(runs.max);
  add_rate("_at_cutover", row.lost_at_cutover, row.acked_docs_at_cutover);
  object["divergent"] = row.divergent;
  object["resurrected"] = row.resurrected;
  object["acked_puts"] = row.acked_puts;
  object["destroyed"] = row.destroyed;
  object["destroyed_rate"] =
      row.acked_puts == 0
          ? Json(nullptr)
          : Json(static_cast<double>(row.destroyed) / static_cast<double>(row.acked_puts));
  object["exposed_temporary"] = row.exposed_temporary;
  object["exposed_permanent"] = row.exposed_permanent;
  object["missing_doc_s"] = row.missing_doc_s;
  object["longest_gap_s"] = row.longest_gap_s;
  for (std::size_t i = 0; i < row.outcomes.size(); ++i) {
    object[std::string(model::kRunOutcomeNames[i])] = row.outcomes[i];
  }
  object["expect_missed"] = row.expect_missed;
  for (std::size_t c = 0; c < row.causes.size(); ++c) {
    object["cause_" + std::string(model::LossCauseName(static_cast<model::LossCause>(c)))] =
        row.causes[c];
  }
  return object;
}

}  // namespace

std::optional<TableFormat> ParseTableFormat(std::string_view name) {
  if (name == "md" || name == "markdown") return TableFormat::kMarkdown;
  if (name == "text") return TableFormat::kText;
  if (name == "csv") return TableFormat::kCsv;
  if (name == "json") return TableFormat::kJson;
  if (name == "html") return TableFormat::kHtml;
  return std::nullopt;
}

// Three decimals, or two significant digits below 0.001 %: near zero the
// interval's upper end is the figure that matters.
std::string FormatPercent(double fraction) {
  const double percent = 100 * fraction;
  if (percent == 0 || percent >= 0.001) return fmt::format("{:.3f}", percent);
  const int decimals = 1 - static_cast<int>(std::floor(std::log10(percent)));
  return fmt::format("{:.{}f}", percent, decimals);
}

std::string FormatRatePercent(std::uint64_t lost, std::uint64_t acked) {
  const auto rate = Rate(lost, acked);
  if (!rate) return "n/a (no acked writes)";
  return fmt::format("{} % [{}, {}]", FormatPercent((*rate)[0]), FormatPercent((*rate)[1]),
                     FormatPercent((*rate)[2]));
}

std::string FormatRunsWithLoss(const RunStats& s) {
  if (s.runs == 0) return "n/a";
  return fmt::format("{}/{} [{:.0f}, {:.0f}] %", s.runs_with_loss, s.runs,
                     100 * s.runs_with_loss_ci.low, 100 * s.runs_with_loss_ci.high);
}

std::string FormatPerRunLoss(const RunStats& s) {
  if (s.rated == 0) return "n/a (no acked writes)";
  return fmt::format("{} % [{}, {}]; min {}, median {}, max {}", FormatPercent(s.mean),
                     FormatPercent(s.mean_ci.low), FormatPercent(s.mean_ci.high),
                     FormatPercent(s.min), FormatPercent(s.median), FormatPercent(s.max));
}

std::string FormatOutcomes(const TableRow& row) {
  return FormatOutcomes(row.outcomes, row.expect_missed);
}

std::string FormatOutcomes(const OutcomeCounts& outcomes, std::uint64_t expect_missed) {
  std::string out;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i] == 0) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", outcomes[i], model::kRunOutcomeNames[i]);
  }
  if (expect_missed > 0) out += fmt::format("; {} missed expect:", expect_missed);
  return out;
}

std::string FormatExposure(const TableRow& row) {
  if (row.exposed_temporary + row.exposed_permanent == 0) return "none";
  return fmt::format("{} temporary, {} permanent; {:.1f} doc-s, longest {:.1f} s",
                     row.exposed_temporary, row.exposed_permanent, row.missing_doc_s,
                     row.longest_gap_s);
}

std::string FormatCsv(const std::vector<TableRow>& rows) {
  const std::vector<std::string> varying = VaryingSettings(rows);
  std::string header;
  const Json columns = RowObject(TableRow{}, varying);
  for (const auto& [name, value] : columns.items()) {
    header += (header.empty() ? "" : ",") + CsvField(name);
  }
  std::string out = header + "\n";
  for (const TableRow& row : rows) {
    const Json object = RowObject(row, varying);
    std::string line;
    for (const auto& [name, value] : object.items()) {
      if (!line.empty()) line += ',';
      if (value.is_string()) {
        line += CsvField(value.get<std::string>());
      } else if (value.is_object()) {
        line += CsvField(value.dump());
      } else if (!value.is_null()) {
        line += value.dump();  // numbers: shortest text that reads back exactly
      }
    }
    out += line + "\n";
  }
  return out;
}

std::string FormatJson(const std::vector<TableRow>& rows) {
  const std::vector<std::string> varying = VaryingSettings(rows);
  Json array = Json::array();
  for (const TableRow& row : rows) array.push_back(RowObject(row, varying));
  return array.dump(2) + "\n";
}

}  // namespace tools
