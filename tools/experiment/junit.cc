#include "tools/experiment/junit.h"

#include <fmt/format.h>

#include <map>

namespace tools {
namespace {

// Text for an XML attribute or element: the five escapes, and control
// characters XML 1.0 cannot hold as U+FFFD.
std::string Xml(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

std::string JunitXml(const std::string& name, const std::vector<JunitCase>& cases) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const JunitCase*>> suites;
  for (const JunitCase& c : cases) {
    auto& suite = suites[c.suite];
    if (suite.empty()) order.push_back(c.suite);
    suite.push_back(&c);
  }
  std::size_t failures = 0;
  std::size_t skipped = 0;
  double seconds = 0;
  for (const JunitCase& c : cases) {
    failures += !c.misses.empty();
    skipped += c.skipped;
    seconds += c.seconds;
  }
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" time=\"{:.3f}\">\n",
      Xml(name), cases.size(), failures, skipped, seconds);
  for (const std::string& suite : order) {
    const auto& members = suites[suite];
    std::size_t suite_failures = 0;
    std::size_t suite_skipped = 0;
    double suite_seconds = 0;
    for (const JunitCase* c : members) {
      suite_failures += !c->misses.empty();
      suite_skipped += c->skipped;
      suite_seconds += c->seconds;
    }
    out += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" "
        "time=\"{:.3f}\">\n",
        Xml(suite), members.size(), suite_failures, suite_skipped, suite_seconds);
    for (const JunitCase* c : members) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\"", Xml(suite),
                         Xml(c->name), c->seconds);
      if (c->skipped) {
        out += ">\n      <skipped message=\"no expect: block\"/>\n    </testcase>\n";
      } else if (!c->misses.empty()) {
        std::string misses;
        for (const std::string& miss : c->misses) misses += (misses.empty() ? "" : "; ") + miss;
        out += fmt::format(
            ">\n      <failure message=\"{}\" type=\"expectation missed\">{}&#10;reproduce: {}"
            "</failure>\n    </testcase>\n",
            Xml(misses), Xml(misses), Xml(c->reproduce));
      } else {
        out += "/>\n";
      }
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace tools
