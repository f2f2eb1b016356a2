// The loss-rate table as one self-contained HTML page: the rows' figures as
// JSON in the page, drawn by a short inline script (table_html_script.cc,
// table_html_table.cc) into hand-written SVG. No charting library: the
// pictures are four kinds of marks on two kinds of axes, which a few hundred
// lines of script draw exactly; a library inlined would be most of the page.
// Nothing is fetched (no script, font or style sheet from elsewhere), so the
// page opens the same from a CI artifact, a mail or a laptop offline.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tools/report/table.h"

namespace tools {

extern const char* const kTableHtmlStyle;     // table_html_script.cc
extern const char* const kTableHtmlPictures;  // table_html_script.cc
extern const char* const kTableHtmlTable;     // table_html_table.cc

namespace {

using Json = nlohmann::ordered_json;

// A percentage for the page, or null where there is nothing to divide.
Json PercentOf(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return nullptr;
  return 100 * static_cast<double>(part) / static_cast<double>(whole);
}

// The settings whose values are all numbers, of two values or more: each gets
// a curve of loss against it.
std::vector<std::string> NumericSettings(const std::vector<TableRow>& rows) {
  std::vector<std::string> numeric;
  for (const std::string& path : VaryingSettings(rows)) {
    std::set<double> values;
    bool numbers = true;
    for (const TableRow& row : rows) {
      const std::string text = SettingOf(row, path);
      if (text.empty()) continue;  // a scenario without it: no point on that curve
      char* end = nullptr;
      const double value = std::strtod(text.c_str(), &end);
      numbers = numbers && end == text.c_str() + text.size() && std::isfinite(value);
      values.insert(value);
    }
    if (numbers && values.size() >= 2) numeric.push_back(path);
  }
  return numeric;
}

Json RowData(const TableRow& row, const std::string& label, const std::vector<std::string>& paths,
             bool headline) {
  const RunStats s = SummarizeRuns(row.end_runs);
  Json settings = Json::object();
  for (const std::string& path : paths) settings[path] = SettingOf(row, path);
  std::vector<RunLoss> runs = row.end_runs;
  std::sort(runs.begin(), runs.end(),
            [](const RunLoss& a, const RunLoss& b) { return a.seed < b.seed; });
  Json per_run = Json::array();
  Json seeds = Json::array();
  for (const RunLoss& run : runs) {
    if (run.acked == 0) continue;
    per_run.push_back(100 * static_cast<double>(run.lost) / static_cast<double>(run.acked));
    seeds.push_back(std::to_string(run.seed));  // a seed may pass 2^53: text, not a number
  }
  const auto rated = [&](double fraction) {
    return s.rated ? Json(100 * fraction) : Json(nullptr);
  };
  return {{"scenario", row.scenario},
          {"label", label},
          {"settings", settings},
          {"fault_mix", row.fault_mix.empty() ? "(not recorded)" : row.fault_mix},
          {"configuration", row.configuration},
          {"runs", row.runs},
          {"with_loss", s.runs_with_loss},
          {"with_loss_low", 100 * s.runs_with_loss_ci.low},
          {"with_loss_high", 100 * s.runs_with_loss_ci.high},
          {"mean", rated(s.mean)},
          {"low", rated(s.mean_ci.low)},
          {"high", rated(s.mean_ci.high)},
          {"min", rated(s.min)},
          {"median", rated(s.median)},
          {"max", rated(s.max)},
          {"pooled", PercentOf(row.lost, row.acked_docs)},
          {"cutover", PercentOf(row.lost_at_cutover, row.acked_docs_at_cutover)},
          {"destroyed", PercentOf(row.destroyed, row.acked_puts)},
          {"outcomes", FormatOutcomes(row)},
          {"causes", model::CausesText(row.causes, "none")},
          {"headline", headline},
          {"per_run", per_run},
          {"seeds", seeds}};
}

// JSON inside <script>: "</script" would end the element and "<!--" change
// how it is read, so no '<' stays as it is ("\u003c" reads back the same;
// JSON has '<' only inside strings).
std::string ScriptSafe(const std::string& json) {
  std::string out;
  for (const char c : json) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string FormatHtml(const std::vector<TableRow>& rows, const std::vector<bool>& headline) {
  const std::vector<std::string> paths = VaryingSettings(rows);
  const std::vector<std::string> labels = OffTheMostOften(rows);
  Json data = {{"rows", Json::array()}, {"numeric", NumericSettings(rows)}};
  std::uint64_t runs = 0;
  std::size_t headline_rows = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool first = i < headline.size() && headline[i];
    headline_rows += first;
    runs += rows[i].runs;
    data["rows"].push_back(RowData(rows[i], labels[i], paths, first));
  }
  // The heatmap's rows: a configuration, and its scenario too where two
  // scenarios of one fault mix would otherwise share a cell.
  std::map<std::pair<std::string, std::string>, int> cells;
  for (std::size_t i = 0; i < rows.size(); ++i) ++cells[{labels[i], rows[i].fault_mix}];
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool shared = cells[{labels[i], rows[i].fault_mix}] > 1;
    data["rows"][i]["heat_label"] =
        shared ? (labels[i].empty() ? "" : labels[i] + ", ") + "scenario=" + rows[i].scenario
               : labels[i];
  }
  // The first picture names its rows among those of their own scenario.
  std::map<std::string, std::vector<std::size_t>> by_scenario;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i < headline.size() && headline[i]) by_scenario[rows[i].scenario].push_back(i);
  }
  for (const auto& [scenario, indices] : by_scenario) {
    std::vector<TableRow> group;
    for (const std::size_t i : indices) group.push_back(rows[i]);
    const std::vector<std::string> group_labels = OffTheMostOften(group);
    for (std::size_t k = 0; k < indices.size(); ++k) {
      data["rows"][indices[k]]["headline_label"] = group_labels[k];
    }
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Loss-rate table</title>\n<style>\n{}</style>\n</head>\n<body>\n"
      "<h1>Loss-rate table</h1>\n"
      "<p>{} row{}, {} run{}. Loss is lost of acknowledged documents at the end of a run, in "
      "percent. A row's figure is the mean over its runs (seeds), with a 95 % bootstrap interval "
      "over seeds: losses cluster within a run, so the runs, not the documents, are the trials. "
      "A row is named by its settings that differ from the most often value in the table.</p>\n"
      "{}"
      "<h2>Loss by configuration and fault mix</h2>\n"
      "<p>Each cell is a row of the table: the mean loss per run at the end. Grey: no run lost "
      "anything; the colour deepens with the loss, on a log scale.</p>\n"
      "<svg id=\"heatmap\" role=\"img\" aria-label=\"loss by configuration and fault mix\"></svg>\n"
      "<h2>Every run</h2>\n"
      "<p>The rows where a run lost anything, one dot per run (seed) at its loss; the bar is the "
      "row's mean. A row whose dots sit far apart loses by chance, not by rule.</p>\n"
      "<svg id=\"strips\" role=\"img\" aria-label=\"loss of every run\"></svg>\n"
      "<h2>Loss against each numeric setting</h2>\n"
      "<div id=\"curves\"></div>\n"
      "<h2>The table</h2>\n"
      "<p><label>Filter rows: <input id=\"filter\" type=\"search\" placeholder=\"e.g. "
      "drain_settle=per_target\"></label> Click a column's header to sort by it.</p>\n"
      "<table id=\"rows\"><thead></thead><tbody></tbody></table>\n"
      "<script type=\"application/json\" id=\"table-data\">{}</script>\n"
      "<script>\n{}{}</script>\n</body>\n</html>\n",
      kTableHtmlStyle, rows.size(), rows.size() == 1 ? "" : "s", runs, runs == 1 ? "" : "s",
      headline_rows == 0
          ? std::string()
          : fmt::format(
                "<h2>The seed report's rows</h2>\n<p>{} row{}: the seed report's configurations, "
                "each under every reading of the driver (the most often settings are the "
                "original's rules). The dot is the mean loss per run, the bar its 95 % interval "
                "over seeds; at the right, the runs that lost anything and how the runs ended. "
                "<span class=\"scale\">Scale: <button id=\"linear\" "
                "class=\"on\">linear</button> <button id=\"log\">log</button></span></p>\n"
                "<svg id=\"headline\" role=\"img\" aria-label=\"mean loss per run of the "
                "seed report's rows\"></svg>\n",
                headline_rows, headline_rows == 1 ? "" : "s"),
      ScriptSafe(data.dump()), kTableHtmlPictures, kTableHtmlTable);
}

}  // namespace tools
