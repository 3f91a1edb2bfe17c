# SPDX-License-Identifier: LGPL-2.1-or-later
# VmTest.cmake: runs GoogleTest binaries inside a VM with Debian's own kernel, as CTest tests.
#
# This project's machines run a kernel without bonding, 802.1q VLANs and dummy devices, so
# tests of those kinds run in a small VM: Debian's linux-image-amd64 under qemu (TCG, or KVM
# where kvm_intel/kvm_amd serves /dev/kvm), a busybox initramfs holding the test binaries, the
# libraries ldd names for them, the real iproute2 `ip`/`bridge`, and the modules bonding,
# 8021q, dummy, veth and bridge. One boot runs all the binaries of one suite (~5 s under TCG).
#
# Use, from any CMakeLists.txt under tests/ (tests/vm is added after the other test folders,
# so include this file where you call it):
#
#   include(${CMAKE_SOURCE_DIR}/tests/vm/VmTest.cmake)
#   ifkit_add_vm_test(NAME host_kinds_vm            # the CTest test's name
#                     BINARIES host_kinds_test      # gtest targets, run in this order, as root
#                     [FILES <path>[:<guest path>]...]   # extra files; dynamic ELFs bring their
#                                                        # libraries (default guest: /data/<name>)
#                     [MODULES macvlan ...]        # more kernel modules (name[:params])
#                     [TIMEOUT 240]                # seconds before qemu is killed
#                     [LABELS ...])
#
# Do not gtest_discover_tests() these binaries: on the host they would fail for want of the
# kernel features. In the guest they run as PID 1's children, root, with cwd /tmp, PATH holding
# the real ip and bridge, IFKIT_VM=1 set, and the host's GTEST_*, IFKIT_TEST_*, ASAN_OPTIONS,
# UBSAN_OPTIONS and LSAN_OPTIONS passed through. The guest has no network and at least 256 MiB (more for big, sanitizer-built images).
#
# What CTest shows: the gtest console output of every binary (in the test's output), a summary
# line per binary, and the JUnit XML under <build>/<dir>/<NAME>-junit/<binary>.xml. The test
# passes when every binary exits 0. It is SKIPPED (status 77) only when qemu-system-x86_64 or
# the kernel package cannot be had, never for a missing /dev/kvm: TCG then runs it.
#
# The kernel is fetched once into a cache (default ~/.cache/ifkit-vm, or IFKIT_VM_CACHE_DIR at
# configure time, or $IFKIT_VM_CACHE) by the fixture test `vm_kernel_fetch`, which CTest runs
# first whenever a VM test is selected. The same scripts work by hand:
#   scripts/vm/run-in-vm.sh --junit-dir /tmp/j build/tests/bin/vm_kernel_probe_test
include_guard(GLOBAL)

set(IFKIT_VM_CACHE_DIR "" CACHE PATH
    "Where the VM tests keep Debian's kernel (empty: $IFKIT_VM_CACHE or ~/.cache/ifkit-vm)")

# The functions find the scripts from their own location, not from variables set here: with
# include_guard, variables would exist only in the directory that included this file first.
function(_ifkit_vm_scripts out)
  set(dir "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../../scripts/vm")
  cmake_path(NORMAL_PATH dir)
  set(${out} "${dir}" PARENT_SCOPE)
endfunction()

function(_ifkit_vm_cache_args out)
  if(IFKIT_VM_CACHE_DIR)
    set(${out} --cache-root "${IFKIT_VM_CACHE_DIR}" PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()

# The kernel download (first run: ~70 MB, ~10 s) as a test of its own, so that its time is not
# charged to the first VM suite's timeout and a failure to fetch is reported once, clearly.
function(_ifkit_vm_fetch_fixture)
  get_property(done GLOBAL PROPERTY _ifkit_vm_fetch_added)
  if(done)
    return()
  endif()
  set_property(GLOBAL PROPERTY _ifkit_vm_fetch_added TRUE)
  _ifkit_vm_cache_args(cache_args)
  _ifkit_vm_scripts(scripts)
  add_test(NAME vm_kernel_fetch COMMAND "${scripts}/fetch-kernel.sh" ${cache_args})
  set_tests_properties(vm_kernel_fetch PROPERTIES
    FIXTURES_SETUP ifkit_vm_kernel
    SKIP_RETURN_CODE 77
    TIMEOUT 900
    COST 1000  # first of all: every VM test waits for it
    LABELS vm)
endfunction()

function(ifkit_add_vm_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;TIMEOUT" "BINARIES;FILES;MODULES;LABELS")
  if(NOT arg_NAME OR NOT arg_BINARIES)
    message(FATAL_ERROR "ifkit_add_vm_test: NAME and BINARIES are required")
  endif()
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "ifkit_add_vm_test: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 240)
  endif()

  _ifkit_vm_fetch_fixture()
  _ifkit_vm_cache_args(cache_args)
  _ifkit_vm_scripts(scripts)
  set(args --timeout ${arg_TIMEOUT} --junit-dir "${CMAKE_CURRENT_BINARY_DIR}/${arg_NAME}-junit"
      ${cache_args})
  foreach(file IN LISTS arg_FILES)
    list(APPEND args --file "${file}")
  endforeach()
  foreach(module IN LISTS arg_MODULES)
    list(APPEND args --module "${module}")
  endforeach()
  foreach(target IN LISTS arg_BINARIES)
    list(APPEND args "$<TARGET_FILE:${target}>")
  endforeach()

  add_test(NAME ${arg_NAME} COMMAND "${scripts}/run-in-vm.sh" ${args})
  # CTest's own timeout only backs up the script's, which kills qemu and reports what it got.
  math(EXPR ctest_timeout "${arg_TIMEOUT} + 60")
  set_tests_properties(${arg_NAME} PROPERTIES
    FIXTURES_REQUIRED ifkit_vm_kernel
    SKIP_RETURN_CODE 77
    TIMEOUT ${ctest_timeout}
    # The longest tests (a boot, 5-40 s): started right after the fetch, not last in a fresh build
    # tree (CTest orders by COST until it has measured times), so that no core idles at the end.
    COST 200
    LABELS "vm;${arg_LABELS}")
endfunction()
