#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds ifkit's Debian packages (ifkit, libifkit0, libifkit-dev) with dpkg-buildpackage from a
# copy of the sources, then runs lintian on them; fails on a lintian error, lists its warnings.
#   scripts/build-deb.sh [OUTDIR]      (default: build-deb/)
# OUTDIR receives the .deb, .buildinfo and .changes files, build.log and lintian.txt. The copy is
# OUTDIR/src/ifkit-VERSION (kept at one path, so that ccache, used when installed, finds its
# objects again). The build dependencies are debian/control's: scripts/install-deps.sh deb.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-build-deb}")
version=$(dpkg-parsechangelog -S Version)
src=$out/src/ifkit-$version

rm -rf "$out/src" && mkdir -p "$src"
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
# The tracked files as they are in the work tree, and new ones not yet added; never build trees.
if git rev-parse --git-dir >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard |
    tar --null --files-from=- --ignore-failed-read -cf - | tar -xf - -C "$src"
else
  tar --exclude='./build*' --exclude=./.git -cf - . | tar -xf - -C "$src"
fi
jobs=${IFKIT_JOBS:-$(nproc)}
if command -v ccache >/dev/null; then export CMAKE_CXX_COMPILER_LAUNCHER=ccache; fi
echo "build-deb: dpkg-buildpackage in $src (log: $out/build.log)"
start=$SECONDS
if ! (cd "$src" && DEB_BUILD_OPTIONS="parallel=$jobs ${DEB_BUILD_OPTIONS:-}" \
      dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log"
  echo "build-deb: dpkg-buildpackage failed" >&2
  exit 1
fi
mv "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo "$out"/
echo "build-deb: built in $((SECONDS - start)) s: $(cd "$out" && echo *.deb)"

# lintian exits non-zero on an error; warnings and infos are listed, not fatal.
changes=$(ls "$out"/*.changes)
if ! lintian --fail-on error "$changes" >"$out/lintian.txt" 2>&1; then
  cat "$out/lintian.txt"
  echo "build-deb: lintian found errors" >&2
  exit 1
fi
echo "build-deb: lintian: $(grep -c '^E:' "$out/lintian.txt" || true) errors," \
  "$(grep -c '^W:' "$out/lintian.txt" || true) warnings ($out/lintian.txt)"
grep '^[EW]:' "$out/lintian.txt" || true
