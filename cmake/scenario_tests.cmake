# Scenario-file checks (schema, loader corpus). Included from CMakeLists.txt.
#
# Both sides of one agreement: every scenario under scenarios/ loads and
# validates against scenarios/schema.json, and every file in
# tests/tools/bad_scenarios/ is refused. The loader's side runs inside
# cutover_tests (ScenarioCorpus.*, which finds the files through
# CUTOVER_SOURCE_DIR); the schema's side is tools/check_schema.py.

# The loader's sources beside tools/scenario.cc. Added here only while
# CMakeLists.txt does not list them in cutover_tools; once it does, this adds
# nothing.
get_target_property(_cutover_tools_sources cutover_tools SOURCES)
foreach(_source tools/scenario_document.cc tools/scenario_reader.cc tools/scenario_loader.cc
                tools/scenario_faults.cc)
  if(NOT _source IN_LIST _cutover_tools_sources)
    target_sources(cutover_tools PRIVATE ${_source})
  endif()
endforeach()

target_compile_definitions(cutover_tests PRIVATE
  CUTOVER_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")

find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME ScenarioSchema.ScenariosValidAndBadFilesRejected
  COMMAND ${Python3_EXECUTABLE} tools/check_schema.py
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
