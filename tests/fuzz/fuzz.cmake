# Fuzzing the scenario loader (tests/fuzz/). Included from CMakeLists.txt.
#
# fuzz_support is the harness (CheckScenario: one clean error line or a
# bounded run, never an exception) and the scenario-aware mutator. Every
# build runs the deterministic mutation pass as a test, CI under the
# sanitizers too: 1,000 mutants of the scenario files, the same every time.
# With CUTOVER_FUZZ (clang; the `fuzz` preset, tools/fuzz) it also builds
# fuzz_scenario, the libFuzzer target.
add_library(fuzz_support STATIC tests/fuzz/mutator.cc tests/fuzz/scenario_harness.cc)
cutover_publish(fuzz_support tests/fuzz)
target_link_libraries(fuzz_support PUBLIC tools_experiment)

add_executable(fuzz_mutation_pass tests/fuzz/mutation_pass.cc)
target_link_libraries(fuzz_mutation_pass PRIVATE fuzz_support)
add_test(NAME Fuzz.MutationPass
  COMMAND fuzz_mutation_pass scenarios tests/tools/scenario/bad_scenarios
          --count 1000 --seed 1 --failures ${CMAKE_BINARY_DIR}/fuzz-failures
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR})
set_tests_properties(Fuzz.MutationPass PROPERTIES TIMEOUT 180)

cutover_test(fuzz_tests fuzz_support SOURCES
  tests/fuzz/mutator_test.cc
  tests/fuzz/scenario_harness_test.cc
)

if(CUTOVER_FUZZ)
  add_executable(fuzz_scenario tests/fuzz/scenario_fuzz.cc)
  target_link_libraries(fuzz_scenario PRIVATE fuzz_support)
  target_link_options(fuzz_scenario PRIVATE -fsanitize=fuzzer)
endif()
