// tools/experiment/junit.h
//
// `check --junit FILE` and `sweep --junit FILE`: the runs as JUnit XML, which
// CI systems read. A suite per scenario file, a case per run (its seed and
// overrides), a failure per run that missed its `expect:`, with each miss and
// the command that reproduces it. Runs without an `expect:` are skipped
// cases. The XML follows the common schema (testsuites > testsuite >
// testcase > failure | skipped).
#pragma once

#include <string>
#include <vector>

namespace tools {

struct JunitCase {
  std::string suite;  // the scenario file
  std::string name;   // "seed 5" or "seed 5 migrations.0.skip_delta_pass=true"
  double seconds = 0;
  bool skipped = false;               // no expect: block to check
  std::vector<std::string> misses;    // empty: passed
  std::string reproduce;              // when missed
};

// The document, suites in the order their first case came.
std::string JunitXml(const std::string& name, const std::vector<JunitCase>& cases);

}  // namespace tools
