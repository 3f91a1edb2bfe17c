# SPDX-License-Identifier: LGPL-2.1-or-later
# The usual hardening of a Linux program, as Debian's dpkg-buildflags (hardening=+all) and
# Fedora's redhat-rpm-config apply it: stack protector, _FORTIFY_SOURCE, PIE, full RELRO with
# BIND_NOW, stack clash protection and control-flow protection (CET) where the compiler has them.
#
# Flags the builder already passes (CXXFLAGS/CPPFLAGS/LDFLAGS, as dpkg-buildflags exports them
# and debhelper hands them to CMake) are not added a second time: a second -D_FORTIFY_SOURCE with
# another level would be a redefinition warning, that is an error under -Werror.
include(CheckCXXCompilerFlag)
include(CheckLinkerFlag)
include(CheckPIESupported)

option(IFKIT_HARDENING "Build with the usual hardening flags (stack protector, FORTIFY, PIE, RELRO...)" ON)

# Position independent code everywhere: executables become PIE (-fPIE, linked with -pie), and
# the internal static libraries are -fPIC, so that they can go into libifkit.so as well as into
# the programs and the tests.
set(CMAKE_POSITION_INDEPENDENT_CODE ON)
check_pie_supported(OUTPUT_VARIABLE ifkit_pie_message LANGUAGES CXX)
if(NOT CMAKE_CXX_LINK_PIE_SUPPORTED)
  message(STATUS "ifkit: the linker cannot make PIE executables: ${ifkit_pie_message}")
endif()

if(NOT IFKIT_HARDENING)
  return()
endif()

set(ifkit_given_cxx_flags "${CMAKE_CXX_FLAGS} $ENV{CPPFLAGS}")
set(ifkit_given_link_flags "${CMAKE_EXE_LINKER_FLAGS} ${CMAKE_SHARED_LINKER_FLAGS}")

# Adds `flag` to every compilation unless the builder's flags already match `given_regex` and the
# compiler accepts it.
function(ifkit_harden_compile flag given_regex)
  if(ifkit_given_cxx_flags MATCHES "${given_regex}")
    return()
  endif()
  string(MAKE_C_IDENTIFIER "IFKIT_HAS${flag}" var)
  check_cxx_compiler_flag("${flag}" ${var})
  if(${var})
    add_compile_options("${flag}")
  endif()
endfunction()

ifkit_harden_compile(-fstack-protector-strong "-fstack-protector")
ifkit_harden_compile(-fstack-clash-protection "-fstack-clash-protection")
ifkit_harden_compile(-fcf-protection "-fcf-protection")

# glibc's _FORTIFY_SOURCE works only when optimising (at -O0 it warns, an error under -Werror),
# and hides calls from the sanitizers' interceptors: so not in Debug builds nor sanitizer or fuzz
# builds (which are Debug-like anyway).
if(NOT ifkit_given_cxx_flags MATCHES "_FORTIFY_SOURCE" AND NOT IFKIT_SANITIZE AND NOT IFKIT_FUZZ)
  add_compile_definitions($<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
endif()

# Full RELRO: the relocations are resolved at load and the GOT made read-only.
if(NOT ifkit_given_link_flags MATCHES "-z,?relro")
  check_linker_flag(CXX "LINKER:-z,relro" IFKIT_HAS_RELRO)
  if(IFKIT_HAS_RELRO)
    add_link_options("LINKER:-z,relro")
  endif()
endif()
if(NOT ifkit_given_link_flags MATCHES "-z,?now")
  check_linker_flag(CXX "LINKER:-z,now" IFKIT_HAS_BIND_NOW)
  if(IFKIT_HAS_BIND_NOW)
    add_link_options("LINKER:-z,now")
  endif()
endif()
