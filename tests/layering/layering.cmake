# The layering probes. Included from CMakeLists.txt.
#
# Each probe is one #include that crosses an arrow the layers do not have
# (tools/README.md). It is built, on its own and outside `all`, with the
# include paths of the library it pretends to belong to, and the test passes
# only when the compiler says the header does not exist. The control probe
# includes a header of every layer from the command line, which may use them
# all, and must build.

function(cutover_layering_probe name library header)
  add_library(probe_${name} OBJECT EXCLUDE_FROM_ALL ${CMAKE_CURRENT_SOURCE_DIR}/tests/layering/${name}.cc)
  target_link_libraries(probe_${name} PRIVATE ${library})
  add_test(NAME Layering.${name}_does_not_compile
    COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target probe_${name})
  string(REPLACE "." "\\." header_regex ${header})
  set_tests_properties(Layering.${name}_does_not_compile PROPERTIES
    PASS_REGULAR_EXPRESSION "${header_regex}: No such file or directory"
    RESOURCE_LOCK cutover_build_tree)
endfunction()

cutover_layering_probe(sim_uses_model cutover_sim model/run.h)
cutover_layering_probe(model_uses_tools cutover_model tools/scenario/scenario.h)
cutover_layering_probe(scenario_uses_experiment tools_scenario tools/experiment/runner.h)
cutover_layering_probe(record_uses_runner tools_record tools/experiment/runner.h)
cutover_layering_probe(experiment_uses_report tools_experiment tools/report/table.h)
cutover_layering_probe(report_uses_scenario tools_report tools/scenario/scenario.h)

add_library(probe_cli_uses_every_layer OBJECT EXCLUDE_FROM_ALL
  ${CMAKE_CURRENT_SOURCE_DIR}/tests/layering/cli_uses_every_layer.cc)
target_link_libraries(probe_cli_uses_every_layer PRIVATE tools_cli)
add_test(NAME Layering.cli_uses_every_layer_compiles
  COMMAND ${CMAKE_COMMAND} --build ${CMAKE_BINARY_DIR} --target probe_cli_uses_every_layer)
set_tests_properties(Layering.cli_uses_every_layer_compiles PROPERTIES RESOURCE_LOCK cutover_build_tree)
