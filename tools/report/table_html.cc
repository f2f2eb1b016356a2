// The loss-rate table as one self-contained HTML page: the table and an
// inline SVG plot of each row's end loss rate with its Wilson interval.
// Nothing is fetched (no script, font or style sheet from elsewhere), so the
// page opens the same from a CI artifact, a mail or a laptop offline.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "tools/report/table.h"

namespace tools {
namespace {

// The plot's geometry, in SVG user units (CSS pixels at scale 1).
constexpr double kPlotWidth = 1040;
constexpr double kLabelWidth = 480;  // row labels, left of the axis
constexpr double kAxisRight = 1010;
constexpr double kTop = 28;
constexpr double kRowHeight = 50;
constexpr double kBottom = 44;
constexpr std::size_t kLabelLines = 2;  // the configuration beside the plot, wrapped
constexpr std::size_t kLabelLineChars = 72;

std::string Escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// `text` in at most kLabelLines lines of at most kLabelLineChars bytes, broken
// at spaces; an ellipsis where it had to be cut.
std::vector<std::string> WrapLabel(std::string_view text) {
  std::vector<std::string> lines(1);
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    std::string& line = lines.back();
    if (!line.empty() && line.size() + 1 + word.size() > kLabelLineChars) {
      if (lines.size() == kLabelLines) {
        line += " \u2026";
        return lines;
      }
      lines.emplace_back();
      continue;
    }
    if (!line.empty()) line += ' ';
    line += word;
    text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
  }
  return lines;
}

// A round tick step (1, 2 or 5 times a power of ten) giving about five ticks.
double TickStep(double max) {
  const double raw = max / 5;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double factor : {1.0, 2.0, 5.0}) {
    if (factor * power >= raw) return factor * power;
  }
  return 10 * power;
}

std::string Plot(const std::vector<TableRow>& rows) {
  double max_percent = 0;
  for (const TableRow& row : rows) {
    if (row.acked_docs > 0)
      max_percent = std::max(max_percent, 100 * WilsonInterval(row.lost, row.acked_docs).high);
  }
  if (max_percent <= 0) max_percent = 1;  // no row has data: any axis will do
  const double step = TickStep(max_percent);
  const double axis_max = step * std::ceil(max_percent / step - 1e-9);
  const auto x = [&](double percent) {
    return kLabelWidth + (kAxisRight - kLabelWidth) * percent / axis_max;
  };
  const double bottom = kTop + kRowHeight * static_cast<double>(rows.size());
  const double height = bottom + kBottom;

  std::string svg = fmt::format(
      "<svg id=\"loss-plot\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" "
      "aria-label=\"End loss rate per row, with 95 % Wilson intervals\">\n",
      kPlotWidth, height);
  for (int i = 0; i * step <= axis_max + step / 2; ++i) {
    const double value = i * step;
    svg += fmt::format(
        "<line class=\"grid\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\"/>"
        "<text class=\"tick\" x=\"{0:.1f}\" y=\"{3}\">{5:g}</text>"
        "<text class=\"tick\" x=\"{0:.1f}\" y=\"{4}\">{5:g}</text>\n",
        x(value), kTop - 4, bottom, kTop - 10, bottom + 16, value);  // labelled above and below
  }
  svg += fmt::format(
      "<text class=\"axis-title\" x=\"{:.1f}\" y=\"{}\">loss at end, % of acked documents</text>\n",
      (kLabelWidth + kAxisRight) / 2, bottom + 36);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const TableRow& row = rows[i];
    const double y = kTop + kRowHeight * (static_cast<double>(i) + 0.5);
    svg += fmt::format(
        "<g class=\"row-label\"><title>{0}</title><text class=\"label\" x=\"{1}\" y=\"{2}\">{3}. "
        "{4}</text>",
        Escape(row.configuration), kLabelWidth - 12, y - 9, i + 1, Escape(row.scenario));
    const std::vector<std::string> lines = WrapLabel(row.configuration);
    for (std::size_t line = 0; line < lines.size(); ++line) {
      svg +=
          fmt::format("<text class=\"label-words\" x=\"{}\" y=\"{}\">{}</text>", kLabelWidth - 12,
                      y + 5 + 12 * static_cast<double>(line), Escape(lines[line]));
    }
    svg += "</g>\n";
    if (row.acked_docs == 0) {
      svg += fmt::format(
          "<g class=\"mark no-data\" data-row=\"{0}\"><text x=\"{1}\" y=\"{2}\">no acked "
          "writes</text></g>\n",
          i + 1, kLabelWidth + 6, y + 4);
      continue;
    }
    const Interval interval = WilsonInterval(row.lost, row.acked_docs);
    const double rate = 100 * static_cast<double>(row.lost) / static_cast<double>(row.acked_docs);
    svg += fmt::format(
        "<g class=\"mark\" data-row=\"{0}\"><title>{1}: {2}</title>"
        "<line class=\"bar\" x1=\"{3:.1f}\" x2=\"{4:.1f}\" y1=\"{5}\" y2=\"{5}\"/>"
        "<line class=\"bar\" x1=\"{3:.1f}\" x2=\"{3:.1f}\" y1=\"{6}\" y2=\"{7}\"/>"
        "<line class=\"bar\" x1=\"{4:.1f}\" x2=\"{4:.1f}\" y1=\"{6}\" y2=\"{7}\"/>"
        "<circle cx=\"{8:.1f}\" cy=\"{5}\" r=\"4.5\"/></g>\n",
        i + 1, Escape(row.scenario), Escape(FormatRatePercent(row.lost, row.acked_docs)),
        x(100 * interval.low), x(100 * interval.high), y, y - 6, y + 6, x(rate));
  }
  return svg + "</svg>\n";
}

std::string Table(const std::vector<TableRow>& rows) {
  std::string html =
      "<table>\n<thead><tr><th>#</th><th>Scenario</th><th>Configuration</th><th>Runs</th><th>Acked "
      "docs</th>"
      "<th>Loss at cutover [95 % CI]</th><th>Loss at end [95 % "
      "CI]</th><th>Divergent</th><th>Resurrected</th><th>Destroyed puts [95 % CI]</th>"
      "<th>Unreadable after an ack</th><th>Outcomes</th>"
      "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const TableRow& row = rows[i];
    html += fmt::format(
        "<tr id=\"row-{}\"><td>{}</td><td>{}</td><td class=\"words\">{}</td><td "
        "class=\"n\">{}</td><td class=\"n\">{}</td>"
        "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td "
        "class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td>"
        "</tr>\n",
        i + 1, i + 1, Escape(row.scenario), Escape(row.configuration), row.runs, row.acked_docs,
        Escape(FormatRatePercent(row.lost_at_cutover, row.acked_docs_at_cutover)),
        Escape(FormatRatePercent(row.lost, row.acked_docs)), row.divergent, row.resurrected,
        Escape(FormatRatePercent(row.destroyed, row.acked_puts)), Escape(FormatExposure(row)),
        Escape(FormatOutcomes(row)));
  }
  return html + "</tbody>\n</table>\n";
}

constexpr const char* kStyle =
    R"(body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1b1f24; }
table { border-collapse: collapse; margin-top: 16px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.words { min-width: 24em; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.hover td { background: #fff8c5; }
#loss-plot { display: block; max-width: 100%; height: auto; }
#loss-plot .grid { stroke: #e1e4e8; }
#loss-plot .tick, #loss-plot .axis-title { font-size: 12px; text-anchor: middle; fill: #57606a; }
#loss-plot .label { font-size: 13px; text-anchor: end; }
#loss-plot .label-words { font-size: 11px; text-anchor: end; fill: #57606a; }
#loss-plot .mark .bar { stroke: #0969da; stroke-width: 1.5; }
#loss-plot .mark circle { fill: #0969da; }
#loss-plot .mark.no-data text { font-size: 12px; fill: #8c959f; font-style: italic; }
#loss-plot .mark.hover circle { fill: #bf3989; }
)";

// Proves in a headless browser that the page's script ran (data-marks on the
// body) and links each mark to its table row on hover.
constexpr const char* kScript = R"((function () {
  var marks = document.querySelectorAll('#loss-plot .mark');
  document.body.dataset.marks = String(marks.length);
  marks.forEach(function (mark) {
    var row = document.getElementById('row-' + mark.dataset.row);
    function set(on) { mark.classList.toggle('hover', on); if (row) row.classList.toggle('hover', on); }
    mark.addEventListener('mouseenter', function () { set(true); });
    mark.addEventListener('mouseleave', function () { set(false); });
  });
})();
)";

}  // namespace

std::string FormatHtml(const std::vector<TableRow>& rows) {
  std::uint64_t runs = 0;
  for (const TableRow& row : rows) runs += row.runs;
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Loss-rate "
      "table</title>\n"
      "<style>\n{}</style>\n</head>\n<body>\n<h1>Loss-rate table</h1>\n"
      "<p>{} row{}, {} run{}. Loss is lost of acked documents, summed over the runs (seeds) of a "
      "row; the bars are "
      "95 % Wilson score intervals.</p>\n{}{}<script>\n{}</script>\n</body>\n</html>\n",
      kStyle, rows.size(), rows.size() == 1 ? "" : "s", runs, runs == 1 ? "" : "s", Plot(rows),
      Table(rows), kScript);
}

}  // namespace tools
