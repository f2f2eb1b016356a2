# Scenario-file checks (schema, loader corpus). Included from CMakeLists.txt.
#
# Both sides of one agreement: every scenario under scenarios/ loads and
# validates against scenarios/schema.json, and every file in
# tests/tools/bad_scenarios/ is refused. The loader's side runs inside
# cutover_tests (ScenarioCorpus.*, which finds the files through
# CUTOVER_SOURCE_DIR); the schema's side is tools/check_schema.py.

target_compile_definitions(cutover_tests PRIVATE
  CUTOVER_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")

find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME ScenarioSchema.ScenariosValidAndBadFilesRejected
  COMMAND ${Python3_EXECUTABLE} tools/check_schema.py
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
