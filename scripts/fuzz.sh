#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time,
# seeded from the conformance corpus. Usage: scripts/fuzz.sh [SECONDS]   (default 60)
# A crash leaves its input in build-fuzz/artifacts/; copy it to fuzz/regressions/ with a name
# that says what it found, so that every ordinary build replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shared=${IFKIT_SHARED_DIR:-$(cd .. && pwd)/shared}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DIFKIT_FUZZ=ON -DIFKIT_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIFKIT_SHARED_DIR="$shared" "${launcher[@]}" >/dev/null
cmake --build build-fuzz --target fuzz_interface_xml fuzz_rpc_packet fuzz_start_record \
  fuzz_daemon_config fuzz_native_config fuzz_parsed_cache fuzz_netlink_replies

# Seeds for the packet fuzzer: every message of the real captures, one file each.
rpc_seeds=build-fuzz/rpc-seeds
rm -rf "$rpc_seeds" && mkdir -p "$rpc_seeds"
n=0
for capture in "$shared"/spec/wire/*.txt "$shared"/spec/wire/mock/*.txt; do
  grep -E '^(C->S|S->C) ' "$capture" | cut -d' ' -f2 | while read -r hex; do
    n=$((n + 1)); printf '%s' "$hex" | xxd -r -p >"$rpc_seeds/$(basename "$capture" .txt)-$n"
  done
done

# run_fuzzer TARGET SECONDS MAX_LEN SEED_DIR... : fails, showing the log, when it finds a fault.
run_fuzzer() {
  local target=$1 budget=$2 max_len=$3
  shift 3
  (( budget >= 1 )) || budget=1  # libFuzzer reads 0 seconds as no limit at all
  local work=build-fuzz/run/$target
  rm -rf "$work" && mkdir -p "$work/corpus" build-fuzz/artifacts
  echo "fuzz: $target for ${budget}s"
  local dict=()
  [[ -f fuzz/$target.dict ]] && dict=(-dict="fuzz/$target.dict")
  if ! "build-fuzz/bin/$target" -max_total_time="$budget" -max_len="$max_len" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
      -artifact_prefix=build-fuzz/artifacts/ "$work/corpus" "$@" >"$work/log" 2>&1; then
    tail -n 60 "$work/log"
    echo "fuzz: $target FOUND A FAULT; input in build-fuzz/artifacts/" >&2
    return 1
  fi
  grep -E '^stat::number_of_executed_units' "$work/log" || true
  echo "fuzz: $target found nothing"
}

# The budget is shared: half to the XML parser, a third to the packet decoder, the rest to the
# start records, ifkitd.conf, the other managers' files, the store's .parsed and the kernel's
# replies (smaller formats, quickly covered).
# Each fuzzer is one process on one core: with two cores the XML parser runs beside the others,
# and the whole takes half the budget's wall time, each fuzzer getting the same seconds as one
# after another.
xml_seconds=$((seconds / 2))
rpc_seconds=$((seconds / 3))
rest=$((seconds - xml_seconds - rpc_seconds))
conf_seeds=build-fuzz/conf-seeds
rm -rf "$conf_seeds" && mkdir -p "$conf_seeds" && cp contrib/ifkitd.conf "$conf_seeds/"
# Other managers' files (netplan's YAML, NetworkManager's keyfiles): the cases' files as seeds.
native_seeds=build-fuzz/native-seeds
rm -rf "$native_seeds" && mkdir -p "$native_seeds"
find tests/native/netplan_cases tests/native/networkmanager_cases -type f \
  \( -name '*.yaml' -o -name '*.nmconnection' \) | while read -r f; do
  cp "$f" "$native_seeds/$(printf '%s' "$f" | tr '/ ' '__')"   # names repeat across cases
done
xml_lane() {
  run_fuzzer fuzz_interface_xml "$xml_seconds" 4096 \
    "$shared/conformance/xml" "$shared/conformance/xml-invalid" "$shared/conformance/xml-validate"
}
other_lane() {
  run_fuzzer fuzz_rpc_packet "$rpc_seconds" 65536 "$rpc_seeds" &&
    run_fuzzer fuzz_start_record $((rest / 5)) 4096 fuzz/seeds/start_record &&
    run_fuzzer fuzz_daemon_config $((rest / 5)) 8192 "$conf_seeds" &&
    run_fuzzer fuzz_native_config $((rest / 5)) 16384 "$native_seeds" &&
    run_fuzzer fuzz_parsed_cache $((rest / 5)) 8192 fuzz/seeds/parsed_cache &&
    run_fuzzer fuzz_netlink_replies $((rest - 4 * (rest / 5))) 4096 fuzz/seeds/netlink_replies
}
if [[ $(nproc) -ge 2 ]]; then
  xml_lane &
  xml=$!
  status=0
  other_lane || status=$?
  wait "$xml" || status=$?
  exit "$status"
fi
xml_lane
other_lane
