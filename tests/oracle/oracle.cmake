# The conformance vectors: oracle-replay drives the model's coordinator,
# in-flight tracking, placement and safety guard through each script of
# calls in ../shared/oracle (the original's recorded answers) and the test
# compares its output with the recording byte for byte. In a clone without
# ../shared/oracle the tests skip, and say so. Included from CMakeLists.txt.

add_executable(oracle-replay tests/oracle/oracle_replay.cc)
target_link_libraries(oracle-replay PRIVATE cutover_model)

get_filename_component(CUTOVER_ORACLE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/../shared/oracle ABSOLUTE)
file(GLOB _cutover_oracle_ops CONFIGURE_DEPENDS ${CUTOVER_ORACLE_DIR}/*.ops)
if(_cutover_oracle_ops)
  list(SORT _cutover_oracle_ops)
  foreach(_ops ${_cutover_oracle_ops})
    get_filename_component(_name ${_ops} NAME_WE)
    string(REPLACE "-" "_" _test ${_name})
    add_test(NAME Oracle.${_test}
      COMMAND ${CMAKE_COMMAND} -DREPLAY=$<TARGET_FILE:oracle-replay> -DOPS=${_ops}
              -DOUT_DIR=${CMAKE_CURRENT_BINARY_DIR}
              -P ${CMAKE_CURRENT_SOURCE_DIR}/tests/oracle/compare.cmake)
  endforeach()
else()
  add_test(NAME Oracle.vectors_absent
    COMMAND ${CMAKE_COMMAND} -E echo
      "skipped: no conformance vectors at ${CUTOVER_ORACLE_DIR} (they are not part of a clone)")
  set_tests_properties(Oracle.vectors_absent PROPERTIES SKIP_REGULAR_EXPRESSION "skipped:")
endif()
