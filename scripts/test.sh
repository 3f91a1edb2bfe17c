#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Installs what is missing, builds, and passes every test: the README's second command.
#   1. unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   2. the libFuzzer targets for a bounded time (IFKIT_FUZZ_SECONDS, default 60)
#   3. the ordinary build, in Release (-O3, as users build it: GCC's optimiser-driven warnings
#      under -Werror), and the whole CTest suite; its summary is the last thing printed
set -euo pipefail
cd "$(dirname "$0")/.."
export IFKIT_SHARED_DIR=${IFKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
jobs=${IFKIT_JOBS:-$(nproc)}
# Bonds and VLANs are tested in a VM; here that may not be skipped (scripts/vm/run-in-vm.sh).
export IFKIT_VM_REQUIRED=${IFKIT_VM_REQUIRED:-1}

scripts/install-deps.sh
# Every source file names its license (scripts/add-spdx.sh adds the line to a new one).
scripts/add-spdx.sh --check
# Builds reuse what an earlier run compiled, where ccache keeps it (a clean clone of the same
# sources compiles to the same objects: base_dir makes paths relative).
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
fi

echo "== sanitizers: build-asan (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DIFKIT_SANITIZE=ON -DIFKIT_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=Debug -DIFKIT_SHARED_DIR="$IFKIT_SHARED_DIR" "${launcher[@]}" >/dev/null
cmake --build build-asan -j "$jobs"
# Tests that run no ifkit code (label kernel-only) are left to the ordinary build's run.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j "$jobs" --output-on-failure --progress -LE kernel-only

echo "== fuzzing"
scripts/fuzz.sh "${IFKIT_FUZZ_SECONDS:-60}"

echo "== build and test: build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DIFKIT_TESTS=ON -DIFKIT_BENCH=ON \
  -DIFKIT_SHARED_DIR="$IFKIT_SHARED_DIR" "${launcher[@]}" >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build -j "$jobs" --output-on-failure
