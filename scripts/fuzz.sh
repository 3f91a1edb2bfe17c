#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time,
# seeded from the conformance corpus. Usage: scripts/fuzz.sh [SECONDS]   (default 60)
# A crash leaves its input in build-fuzz/artifacts/; copy it to fuzz/regressions/ with a name
# that says what it found, so that every ordinary build replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shared=${IFKIT_SHARED_DIR:-$(cd .. && pwd)/shared}

CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DIFKIT_FUZZ=ON -DIFKIT_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIFKIT_SHARED_DIR="$shared" >/dev/null
cmake --build build-fuzz --target fuzz_interface_xml

work=build-fuzz/run
rm -rf "$work" && mkdir -p "$work/corpus" build-fuzz/artifacts
echo "fuzz: fuzz_interface_xml for ${seconds}s"
if ! build-fuzz/bin/fuzz_interface_xml -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -dict=fuzz/interface_xml.dict \
    -artifact_prefix=build-fuzz/artifacts/ "$work/corpus" \
    "$shared/conformance/xml" "$shared/conformance/xml-invalid" "$shared/conformance/xml-validate" \
    >"$work/log" 2>&1; then
  tail -n 60 "$work/log"
  echo "fuzz: fuzz_interface_xml FOUND A FAULT; input in build-fuzz/artifacts/" >&2
  exit 1
fi
grep -E '^(stat::number_of_executed_units|Done)' "$work/log" || true
echo "fuzz: fuzz_interface_xml found nothing"
