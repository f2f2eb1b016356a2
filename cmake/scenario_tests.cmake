# Scenario-file checks (schema, loader corpus). Included from CMakeLists.txt.
#
# Every scenario under scenarios/ loads, and every file in
# tests/tools/bad_scenarios/ is refused with its pinned line: cutover_tests
# (ScenarioCorpus.*) finds the files through CUTOVER_SOURCE_DIR.

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
