# JUnit XML of check and sweep, read back by Debian's python3-junitparser
# (installed by tools/test): suites, cases, failures with the reproduce line.
add_test(NAME Junit.CheckAndSweepReadBackByJunitparser
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/tools/cli/junit_check.py
          $<TARGET_FILE:cutover-sim> ${CMAKE_CURRENT_SOURCE_DIR})
set_tests_properties(Junit.CheckAndSweepReadBackByJunitparser PROPERTIES TIMEOUT 120)
