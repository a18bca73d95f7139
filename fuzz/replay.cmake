# Included by tests/CMakeLists.txt: the fuzz harnesses built without
# libFuzzer (fuzz/standalone_main.c) replay their seed corpora,
# fuzz/corpus/NAME/, in every test run, under ASan in `make test`. A crash
# file from `make fuzz` dropped into a corpus becomes a regression test.
if(NOT KB_FUZZ)
  foreach(name warc jsonl html text extract)
    add_executable(fuzz_replay_${name} ${CMAKE_SOURCE_DIR}/fuzz/fuzz_${name}.c
      ${CMAKE_SOURCE_DIR}/fuzz/standalone_main.c)
    target_link_libraries(fuzz_replay_${name} PRIVATE kibaru)
    target_include_directories(fuzz_replay_${name} PRIVATE ${CMAKE_SOURCE_DIR}/src)
    add_test(NAME fuzz_replay_${name}
      COMMAND fuzz_replay_${name} ${CMAKE_SOURCE_DIR}/fuzz/corpus/${name})
    set_tests_properties(fuzz_replay_${name} PROPERTIES
      ENVIRONMENT "KIBARU_DATA=${CMAKE_SOURCE_DIR}/data")
  endforeach()
endif()
