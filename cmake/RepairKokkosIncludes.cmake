# Repairs Debian's Kokkos CMake package (libtrilinos-kokkos-dev), whose
# imported target Kokkos::kokkos names the include directory /usr/lib/include,
# which does not exist (the headers are in /usr/include/trilinos): CMake then
# refuses to generate. Only directories that are missing are replaced, so a
# site's own Kokkos build is left alone.
function(chokepoint_repair_kokkos_includes)
  if(NOT TARGET Kokkos::kokkos)
    return()
  endif()
  get_target_property(dirs Kokkos::kokkos INTERFACE_INCLUDE_DIRECTORIES)
  if(NOT dirs)
    return()
  endif()
  set(repaired "")
  foreach(dir IN LISTS dirs)
    if(NOT EXISTS "${dir}" AND EXISTS /usr/include/trilinos/Kokkos_Core.hpp)
      message(STATUS "Kokkos: include directory ${dir} does not exist; using /usr/include/trilinos")
      list(APPEND repaired /usr/include/trilinos)
    else()
      list(APPEND repaired "${dir}")
    endif()
  endforeach()
  set_target_properties(Kokkos::kokkos PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${repaired}")
endfunction()
