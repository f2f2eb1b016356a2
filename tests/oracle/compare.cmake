# Runs REPLAY on OPS and compares its output with OPS's .out, byte for byte;
# on a difference, shows the start of `diff expected actual`.
string(REGEX REPLACE "\\.ops$" ".out" expected_file ${OPS})
get_filename_component(name ${OPS} NAME_WE)
set(actual_file ${OUT_DIR}/oracle-${name}.actual)  # in the build tree, never the checkout
execute_process(COMMAND ${REPLAY} INPUT_FILE ${OPS} OUTPUT_FILE ${actual_file}
                ERROR_VARIABLE errors RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "oracle-replay failed (${status}): ${errors}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${expected_file} ${actual_file}
                RESULT_VARIABLE different)
if(different)
  execute_process(COMMAND diff ${expected_file} ${actual_file} OUTPUT_VARIABLE differences)
  string(SUBSTRING "${differences}" 0 2000 differences)
  message(FATAL_ERROR "output differs from ${expected_file}:\n${differences}")
endif()
