# SPDX-License-Identifier: LGPL-2.1-or-later
# ifkit_install_configured(<template> <destination>): installs <template> (a file.in) with its
# @VARIABLES@ filled in at install time, not at configure time, so that the paths written into it
# follow the prefix actually installed to: `cmake --install build --prefix X` gives units whose
# ExecStart names X/bin/ifkit and an ifkit.pc whose prefix is X. DESTDIR is not part of those
# paths (it stages a package's files), exactly as for the installed files themselves.
#
# The template may use CMAKE_INSTALL_FULL_<DIR> for BINDIR, SBINDIR, LIBDIR and INCLUDEDIR
# (GNUInstallDirs' names), CMAKE_INSTALL_<DIR> (as configured), PROJECT_VERSION and
# CMAKE_INSTALL_PREFIX.
include(GNUInstallDirs)

function(ifkit_install_configured template destination)
  get_filename_component(name "${template}" NAME_WLE)
  set(output "${CMAKE_BINARY_DIR}/install-time/${name}")
  # In a block of its own, so that these settings stay out of the rest of the install script.
  set(code "block()\nset(PROJECT_VERSION \"${PROJECT_VERSION}\")\n")
  foreach(dir BINDIR SBINDIR LIBDIR INCLUDEDIR)
    set(value "${CMAKE_INSTALL_${dir}}")
    string(APPEND code "set(CMAKE_INSTALL_${dir} \"${value}\")\n")
    if(IS_ABSOLUTE "${value}")
      string(APPEND code "set(CMAKE_INSTALL_FULL_${dir} \"${value}\")\n")
    else()
      string(APPEND code "set(CMAKE_INSTALL_FULL_${dir} \"\${CMAKE_INSTALL_PREFIX}/${value}\")\n")
    endif()
  endforeach()
  string(APPEND code "configure_file(\"${template}\" \"${output}\" @ONLY)\nendblock()\n")
  install(CODE "${code}")
  install(FILES "${output}" DESTINATION "${destination}")
endfunction()
