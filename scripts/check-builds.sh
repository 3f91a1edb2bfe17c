#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds ifkit with -Werror in every configuration a user or a distribution builds it in: GCC and
# clang, each in Release, RelWithDebInfo, Debug and with Debian's dpkg-buildflags (as
# debian/rules builds, CMAKE_BUILD_TYPE=None and the flags from the environment). Compilers'
# warnings depend on the optimisation level (GCC's -Wrestrict, -Wmaybe-uninitialized ...), so
# a build that passes in one type proves nothing about another.
#   scripts/check-builds.sh [--product] [COMPILER:TYPE ...]
#     COMPILER: gcc or clang; TYPE: Release, RelWithDebInfo, Debug or dpkg
#     (default: all eight); --product: the library and the programs only, not the tests
# Each lands in build-check/COMPILER-TYPE; ccache, when installed, makes a second run cheap.
# Not run by CI, which builds GCC Debug (with the sanitizers), GCC Release and clang
# RelWithDebInfo (the fuzz build's libraries): the rest is ~6 full builds, too long for every
# push; run this before a release or after raising a compiler's version.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${IFKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
jobs=${IFKIT_JOBS:-$(nproc)}

targets=()
if [[ ${1:-} == --product ]]; then
  targets=(--target ifkit ifkitd libifkit)
  shift
fi
configs=("$@")
if [[ ${#configs[@]} == 0 ]]; then
  for compiler in gcc clang; do
    for type in Release RelWithDebInfo Debug dpkg; do configs+=("$compiler:$type"); done
  done
fi
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

mkdir -p build-check
failed=()
for config in "${configs[@]}"; do
  compiler=${config%%:*}
  type=${config#*:}
  case $compiler in
    gcc) cxx=g++ ;;
    clang) cxx=clang++ ;;
    *) echo "check-builds: unknown compiler '$compiler' (gcc or clang)" >&2; exit 2 ;;
  esac
  case $type in
    Release | RelWithDebInfo | Debug) build_type=$type ;;
    dpkg) build_type=None ;;
    *) echo "check-builds: unknown type '$type'" >&2; exit 2 ;;
  esac
  dir=build-check/$compiler-$type
  echo "== $compiler $type: $dir"
  start=$SECONDS
  if ! (
    unset CXXFLAGS CPPFLAGS LDFLAGS
    if [[ $type == dpkg ]]; then
      # debian/rules' flags: hardening=+all, the distribution's defaults for this compiler.
      eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
      export CXXFLAGS="$CXXFLAGS $CPPFLAGS"
    fi
    CXX=$cxx cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DIFKIT_WERROR=ON \
      -DIFKIT_SHARED_DIR="$shared" "${launcher[@]}" >"$dir.configure.log" 2>&1 ||
      { cat "$dir.configure.log"; exit 1; }
    cmake --build "$dir" -j "$jobs" "${targets[@]}" -- -k 0
  ); then
    failed+=("$config")
  fi
  echo "== $compiler $type: $((SECONDS - start)) s"
done
if [[ ${#failed[@]} != 0 ]]; then
  echo "check-builds: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "check-builds: all built: ${configs[*]}"
