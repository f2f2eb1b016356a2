# The HTML loss-rate page in a real browser. Included from CMakeLists.txt.
#
# tests/tools/report/html_check.py renders a small records file with
# `cutover-sim table --format html --headline`, loads the page in headless
# Chromium (Debian's `chromium`, installed by tools/setup) on the linear and
# the log scale and checks that it refers to nothing outside itself, logs no
# console message, and draws exactly the marks its records call for in each
# picture and the table. It then takes a screenshot, build/.../html_check/
# loss-rate.png, to look at (not committed). It takes about five seconds.

add_test(NAME TableHtml.DrawsEveryPictureInChromiumAndTakesAScreenshot
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/tests/tools/report/html_check.py
          $<TARGET_FILE:cutover-sim> ${CMAKE_CURRENT_BINARY_DIR}/html_check)
set_tests_properties(TableHtml.DrawsEveryPictureInChromiumAndTakesAScreenshot PROPERTIES TIMEOUT 180)
