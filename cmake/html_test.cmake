# The HTML loss-rate table in a real browser. Included from CMakeLists.txt.
#
# tests/tools/report/html_check.py renders a small records file with
# `cutover-sim table --format html`, loads the page in headless Chromium
# (Debian's `chromium`, installed by tools/setup) and checks that it refers to
# nothing outside itself, logs no console message, runs its script, and plots
# exactly one mark per table row. It takes about two seconds.

add_test(NAME TableHtml.LoadsInChromiumWithOneMarkPerRow
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/tools/report/html_check.py $<TARGET_FILE:cutover-sim>)
set_tests_properties(TableHtml.LoadsInChromiumWithOneMarkPerRow PROPERTIES TIMEOUT 90)
