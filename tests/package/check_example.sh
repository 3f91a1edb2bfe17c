#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds examples/library against an ifkit installed under a staging root, once through
# pkg-config (as a Makefile would) and once through find_package (as a CMake project would), and
# runs both: each must list test:///default's interface (eth1, libvirt's test MAC) and report a
# failed lookup in libvirt's words, through the installed libifkit.so.0.
# Usage: check_example.sh STAGE PREFIX LIBDIR SOURCE_DIR CXX WORK_DIR
#   the library's files are at STAGE/PREFIX/...; PREFIX is the path written into them.
set -euo pipefail
stage=$1 prefix=$2 libdir=$3 source=$4 cxx=$5 work=$6
root=$stage$prefix
lib=$root/$libdir
fail() { echo "FAIL: $*" >&2; exit 1; }

check_output() {
  grep -qx 'eth1 active aa:bb:cc:dd:ee:ff' "$1" || { cat "$1"; fail "$2: no eth1 line"; }
  grep -q "^lookup: Interface not found: " "$1" || { cat "$1"; fail "$2: no lookup error"; }
}

# pkg-config: the sysroot maps the .pc's paths (PREFIX/...) into the stage.
pc=$lib/pkgconfig/ifkit.pc
grep -qx "prefix=$prefix" "$pc" || fail "ifkit.pc: $(head -1 "$pc")"
flags=$(PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_LIBDIR=$lib/pkgconfig pkg-config --cflags --libs ifkit)
# shellcheck disable=SC2086  # pkg-config's flags are words
"$cxx" -std=c++20 "$source/examples/library/list_interfaces.cpp" $flags -o "$work/by-pkg-config"
LD_LIBRARY_PATH=$lib "$work/by-pkg-config" >"$work/pkg-config.out"
check_output "$work/pkg-config.out" pkg-config
ldd_line=$(LD_LIBRARY_PATH=$lib ldd "$work/by-pkg-config" | grep libifkit)
[[ $ldd_line == *"$lib/libifkit.so.0"* ]] || fail "not linked to the installed library: $ldd_line"

# find_package(ifkit): the package's files locate themselves, wherever the stage is.
cmake -S "$source/examples/library" -B "$work/by-cmake" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_PREFIX_PATH="$root" >"$work/cmake.log" || { cat "$work/cmake.log"; fail "configure"; }
cmake --build "$work/by-cmake" >>"$work/cmake.log" || { cat "$work/cmake.log"; fail "build"; }
LD_LIBRARY_PATH=$lib "$work/by-cmake/list_interfaces" >"$work/cmake.out"
check_output "$work/cmake.out" find_package
echo "example: built and ran through pkg-config and find_package"
