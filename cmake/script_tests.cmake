# Tests that run a Python script against the binary or a tool: JUnit XML
# read back, night-over-night comparison. Included from CMakeLists.txt.

# JUnit XML of check and sweep, read back by Debian's python3-junitparser
# (installed by tools/test): suites, cases, failures with the reproduce line.
add_test(NAME Junit.CheckAndSweepReadBackByJunitparser
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/tools/cli/junit_check.py
          $<TARGET_FILE:cutover-sim> ${CMAKE_CURRENT_SOURCE_DIR})
set_tests_properties(Junit.CheckAndSweepReadBackByJunitparser PROPERTIES TIMEOUT 120)

# Night over night (tools/compare_nights.py) on two tables written by hand.
add_test(NAME Nightly.ComparesTonightWithLastNight
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/tools/report/compare_nights_test.py
          ${CMAKE_CURRENT_SOURCE_DIR})
