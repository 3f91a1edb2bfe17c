# SPDX-License-Identifier: LGPL-2.1-or-later
# IFKIT_STATIC_DEPS: the programs carry libnl, libxml2 (with ICU, zlib, lzma), libedit and
# libstdc++ in themselves, from their static archives; only glibc stays shared.
#
# Why: a user waits for the `ifkit` process, and loading and relocating sixteen shared libraries
# cost more than the work of most commands: `ifkit --version` took 14 ms of CPU with them, 5 ms
# without (2 cores, Debian 12), against 5 ms for `ip link show dev lo`.
# Off by default all the same: ifkit runs as root and parses XML and netlink messages that others
# send, and a security update of Debian's libxml2 or libnl must reach it without a rebuild. Turn
# it on (-DIFKIT_STATIC_DEPS=ON) for a build that owns its libraries' updates, or to measure.
option(IFKIT_STATIC_DEPS "Link the libraries ifkit uses (but glibc) into its programs" OFF)

if(IFKIT_STATIC_DEPS)
  add_link_options(-static-libstdc++ -static-libgcc)
endif()

# ifkit_prefer_archives(PREFIX): with IFKIT_STATIC_DEPS, makes PkgConfig::PREFIX (found by
# pkg_check_modules) link the static archives that `pkg-config --static` lists, glibc's own
# libraries excepted. Fails the configuration when an archive is missing.
function(ifkit_prefer_archives prefix)
  if(NOT IFKIT_STATIC_DEPS)
    return()
  endif()
  set(libs)
  foreach(name IN LISTS ${prefix}_STATIC_LIBRARIES)
    if(name MATCHES "^(m|dl|pthread|rt|c)$")
      list(APPEND libs ${name})  # glibc's: shared
      continue()
    endif()
    # Debian's libbsd.a needs libmd.a, which its pkg-config file does not list for a static link.
    set(names ${name})
    if(name STREQUAL "bsd")
      list(APPEND names md)
    endif()
    foreach(lib IN LISTS names)
      find_library(IFKIT_ARCHIVE_${lib} NAMES lib${lib}.a HINTS ${${prefix}_STATIC_LIBRARY_DIRS})
      if(NOT IFKIT_ARCHIVE_${lib})
        message(FATAL_ERROR "IFKIT_STATIC_DEPS: lib${lib}.a not found (install its -dev package, "
                            "or configure with -DIFKIT_STATIC_DEPS=OFF)")
      endif()
      list(APPEND libs ${IFKIT_ARCHIVE_${lib}})
    endforeach()
  endforeach()
  set_target_properties(PkgConfig::${prefix} PROPERTIES INTERFACE_LINK_LIBRARIES "${libs}")
endfunction()
