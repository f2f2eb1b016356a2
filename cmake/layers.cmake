# Layers enforced by the build. Included from CMakeLists.txt.
#
# No library gets the source tree as an include path. Each one publishes its
# headers under build/include/<library>/, spelled as everywhere else
# ("sim/time.h", "tools/scenario/scenario.h"), through symbolic links, and
# sees only its own directory and those of the libraries it links. An
# #include that crosses a missing arrow then fails with "No such file".

set(CUTOVER_INCLUDE_ROOT ${CMAKE_BINARY_DIR}/include)

# cutover_publish(TARGET DIR [HEADER...]): TARGET's headers are DIR's (a path
# from the source root); with HEADERs, only those files of DIR.
function(cutover_publish target dir)
  set(root ${CUTOVER_INCLUDE_ROOT}/${target})
  file(REMOVE_RECURSE ${root})
  if(ARGN)
    file(MAKE_DIRECTORY ${root}/${dir})
    foreach(header ${ARGN})
      file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/${header} ${root}/${dir}/${header} SYMBOLIC)
    endforeach()
  else()
    get_filename_component(parent ${root}/${dir} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/${dir} ${root}/${dir} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC ${root})
endfunction()

# cutover_test(NAME LIBRARY HELPERS DIR... SOURCES SOURCE...): the GoogleTest
# executable of one layer, linking only LIBRARY; the test helpers of each DIR
# (tests/model/faults.h) are visible to it, as its own layer's and those below.
function(cutover_test name library)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "HELPERS;SOURCES")
  add_executable(${name} ${arg_SOURCES})
  set(root ${CUTOVER_INCLUDE_ROOT}/${name})
  file(REMOVE_RECURSE ${root})
  foreach(dir ${arg_HELPERS})
    get_filename_component(parent ${root}/${dir} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR}/${dir} ${root}/${dir} SYMBOLIC)
  endforeach()
  target_include_directories(${name} PRIVATE ${root})
  target_link_libraries(${name} PRIVATE ${library} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE CUTOVER_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()
