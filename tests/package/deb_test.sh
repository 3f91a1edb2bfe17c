#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds the Debian packages (scripts/build-deb.sh: dpkg-buildpackage, then lintian without
# errors) and checks them without installing anything on this host: their file lists, that the
# units are enabled by the maintainer scripts, and, unpacked into a throwaway root with dpkg-deb
# -x, that the programs run, the units name /usr's programs, and examples/library builds and runs
# against libifkit-dev and libifkit0 (check_example.sh). (`dpkg --root` would run the maintainer
# scripts chrooted into a root without a shell or systemd: unpacking tests the same files.)
# Usage: deb_test.sh SOURCE_DIR OUT_DIR CXX
#   IFKIT_DEB_PREBUILT=1: check the packages scripts/build-deb.sh OUT_DIR already built.
set -euo pipefail
source=$1 out=$2 cxx=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in dpkg-buildpackage dh lintian; do
  command -v "$tool" >/dev/null || { echo "SKIP: no $tool (scripts/install-deps.sh deb)"; exit 77; }
done

[[ ${IFKIT_DEB_PREBUILT:-0} == 1 ]] || "$source/scripts/build-deb.sh" "$out"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
deb() { ls "$out"/"$1"_*.deb; }

# What each package holds.
listing() { dpkg-deb -c "$(deb "$1")" | awk '{print $6}' | sed 's|^\./|/|'; }
expect() {   # expect PACKAGE PATH...
  local package=$1; shift
  local files; files=$(listing "$package")
  for path in "$@"; do
    grep -qx -- "$path" <<<"$files" || fail "$package lacks $path"
  done
}
expect ifkit /usr/bin/ifkit /usr/sbin/ifkitd /lib/systemd/system/ifkitd.service \
  /lib/systemd/system/ifkitd.socket /lib/systemd/system/ifkitd-ro.socket \
  /lib/systemd/system/ifkit-boot.service /usr/share/doc/ifkit/copyright
expect libifkit0 "/usr/lib/$multiarch/libifkit.so.0" "/usr/lib/$multiarch/libifkit.so.0.1.0"
expect libifkit-dev /usr/include/ifkit/ifkit.h "/usr/lib/$multiarch/libifkit.so" \
  "/usr/lib/$multiarch/pkgconfig/ifkit.pc" "/usr/lib/$multiarch/cmake/ifkit/ifkitConfig.cmake"
if listing libifkit0 | grep -q include/; then fail "headers in libifkit0"; fi
# Recorded as man pages and completion arrive (tolerated absent until then).
for optional in /usr/share/man/man1/ifkit.1.gz /usr/share/man/man8/ifkitd.8.gz; do
  listing ifkit | grep -qx -- "$optional" || echo "note: ifkit has no $optional yet"
done

# The units are enabled on install, and ifkit-boot.service is not started by it.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -e "$(deb ifkit)" "$work/control"
for unit in ifkitd.socket ifkitd-ro.socket ifkit-boot.service; do
  grep -q "deb-systemd-helper enable '$unit'" "$work/control/postinst" ||
    fail "postinst does not enable $unit"
done
grep -q "deb-systemd-invoke .*'ifkitd.socket'" "$work/control/postinst" ||
  fail "postinst does not start ifkitd.socket"
if grep -q "deb-systemd-invoke .*'ifkit-boot.service'" "$work/control/postinst"; then
  fail "postinst starts ifkit-boot.service"
fi

# Unpacked: the program runs, the units name /usr's programs, the library serves the example.
root=$work/root
for package in ifkit libifkit0 libifkit-dev; do dpkg-deb -x "$(deb "$package")" "$root"; done
"$root/usr/bin/ifkit" -c test:///default iface-list --all | grep -q 'eth1 *active' ||
  fail "unpacked ifkit cannot list test:///default"
grep -qx 'ExecStart=/usr/sbin/ifkitd -c ifkit:///system.*' "$root/lib/systemd/system/ifkitd.service" ||
  fail "ifkitd.service: $(grep ExecStart "$root/lib/systemd/system/ifkitd.service")"
grep -qx 'ExecStart=/usr/bin/ifkit -c ifkit:///system boot' "$root/lib/systemd/system/ifkit-boot.service" ||
  fail "ifkit-boot.service: $(grep ExecStart "$root/lib/systemd/system/ifkit-boot.service")"
"$source/tests/package/check_example.sh" "$root" /usr "lib/$multiarch" "$source" "$cxx" "$work"
echo "deb: ok"
