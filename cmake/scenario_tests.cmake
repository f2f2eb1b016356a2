# Scenario-file checks (schema, loader corpus). Included from CMakeLists.txt.
#
# Both sides of one agreement: every scenario under scenarios/ loads and
# validates against scenarios/schema.json, and every file in
# tests/tools/scenario/bad_scenarios/ is refused. The loader's side runs inside
# scenario_tests (ScenarioCorpus.*, which finds the files through
# CUTOVER_SOURCE_DIR); the schema's side is tools/check_schema.py.

# Debian's python3 is the one tools/setup gives python3-jsonschema and
# python3-yaml; a python3 earlier on PATH (pyenv, a venv) may lack them.
if(EXISTS /usr/bin/python3 AND NOT Python3_EXECUTABLE)
  set(Python3_EXECUTABLE /usr/bin/python3)
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME ScenarioSchema.ScenariosValidAndBadFilesRejected
  COMMAND ${Python3_EXECUTABLE} tools/check_schema.py
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})

# Every scenario with an `expect:` block runs as a test of its own, at its
# own seed: `cutover-sim run` exits 1 when an expectation misses.
file(GLOB_RECURSE _cutover_scenarios CONFIGURE_DEPENDS
  RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/*.yaml)
list(SORT _cutover_scenarios)
foreach(_scenario ${_cutover_scenarios})
  file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/${_scenario} _expect REGEX "^expect:")
  if(_expect)
    string(REGEX REPLACE "^scenarios/(.*)\\.yaml$" "\\1" _name ${_scenario})
    string(REPLACE "/" "." _name ${_name})
    add_test(NAME Scenario.${_name}
      COMMAND cutover-sim run ${_scenario}
      WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
endforeach()
