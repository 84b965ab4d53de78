# Version and git commit baked into the binary for the run manifest.
find_package(Git QUIET)
set(CHOKEPOINT_GIT_COMMIT "unknown")
if(GIT_FOUND AND EXISTS ${CMAKE_SOURCE_DIR}/.git)
  execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty --abbrev=12
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
                  OUTPUT_VARIABLE CHOKEPOINT_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET)
  if(NOT CHOKEPOINT_GIT_COMMIT)
    set(CHOKEPOINT_GIT_COMMIT "unknown")
  endif()
endif()
configure_file(${CMAKE_SOURCE_DIR}/host/io/version.hh.in ${CMAKE_BINARY_DIR}/generated/version.hh @ONLY)
