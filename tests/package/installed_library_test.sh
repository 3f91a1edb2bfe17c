#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Installs this build into a throwaway staging root (DESTDIR, so nothing lands in the host's own
# /usr even when the build was configured for /usr), then checks what an installation must give:
#   - the programs, and units whose ExecStart names the installed programs' paths;
#   - libifkit.so.0 with its SONAME and symlinks, exporting the public API and nothing internal;
#   - headers, ifkit.pc and ifkitConfig.cmake that build examples/library against the installed
#     library through pkg-config and through find_package (check_example.sh).
# Usage: installed_library_test.sh BUILD_DIR SOURCE_DIR LIBDIR CXX
set -euo pipefail
build=$1 source=$2 libdir=$3 cxx=$4

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/stage
prefix=/opt/ifkit-test           # the paths written into the files; files go under $stage
root=$stage$prefix
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$stage cmake --install "$build" --prefix "$prefix" >"$work/install.log"

# Programs.
[[ -x $root/bin/ifkit ]] || fail "no bin/ifkit"
[[ -x $root/sbin/ifkitd ]] || fail "no sbin/ifkitd"

# Units: wherever the unit directory is, ExecStart names the prefix given to --install.
boot_unit=$(find "$stage" -name ifkit-boot.service)
daemon_unit=$(find "$stage" -name ifkitd.service)
[[ -n $boot_unit && -n $daemon_unit ]] || fail "units not installed"
grep -qx "ExecStart=$prefix/bin/ifkit -c ifkit:///system boot" "$boot_unit" ||
  fail "ifkit-boot.service: $(grep ExecStart "$boot_unit")"
grep -qx "ExecStart=$prefix/sbin/ifkitd -c ifkit:///system.*" "$daemon_unit" ||
  fail "ifkitd.service: $(grep ExecStart "$daemon_unit")"
for unit in ifkitd.socket ifkitd-ro.socket; do
  [[ -f $(dirname "$daemon_unit")/$unit ]] || fail "no $unit"
done

# The shared library: SONAME, the development symlink, only the public API exported.
lib=$root/$libdir
[[ $(readlink "$lib/libifkit.so") == libifkit.so.0 ]] || fail "libifkit.so does not point to .so.0"
[[ -f $(readlink -f "$lib/libifkit.so.0") ]] || fail "libifkit.so.0 dangles"
soname=$(readelf -d "$lib/libifkit.so.0" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[[ $soname == libifkit.so.0 ]] || fail "SONAME is '$soname'"
nm -DC --defined-only "$lib/libifkit.so.0" >"$work/exports"
grep -q 'ifkit::Connection::open(' "$work/exports" || fail "Connection::open not exported"
if grep -E 'ifkit::(api|driver|conf|host|plan|store|rpc|daemon)::' "$work/exports"; then
  fail "internal layers exported"
fi
for header in ifkit.h connection.h interface.h error.h flags.h; do
  [[ -f $root/include/ifkit/$header ]] || fail "no include/ifkit/$header"
done

"$(dirname "$0")/check_example.sh" "$stage" "$prefix" "$libdir" "$source" "$cxx" "$work"
echo "installed library: ok ($soname, $(grep -c . "$work/exports") exported symbols)"
