#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The README's first command: installs what is missing, builds, and runs ifkit's main job in a
# throwaway network namespace, deleted afterwards:
#
#  1. on ifkit:///system of the namespace, a veth pair standing in for a NIC: define a bridge
#     over it with an address, start it, list, and show the live XML;
#  2. a change transaction: begin, change the bridge's definition and restart it with a new MTU,
#     roll back, and show the kernel and the definition restored;
#  3. the same host through ifkitd, with unmodified virsh as the client.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >/dev/null
cmake -S . -B build -G Ninja -DIFKIT_TESTS=ON >/dev/null  # only the two programs are built
cmake --build build --target ifkit ifkitd >/dev/null

ns="ifkit-demo-$$"
work=$(mktemp -d)
daemon=""
cleanup() {
  if [[ -n $daemon ]]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link add eth0 type veth peer name eth0-peer   # eth0 stands in for a NIC
ip -n "$ns" link set eth0-peer up

uri="ifkit:///system?netns=$ns&store=$work/store"
show() {
  echo
  echo "\$ $*"
  "$@"
}
ifk() { show build/bin/ifkit -c "$uri" "$@"; }
kernel() { show ip -n "$ns" -br addr show; show ip -n "$ns" -o link show br0; }

echo "== 1. a bridge over a NIC, on namespace $ns"
ifk 'iface-define examples/br0.xml; iface-start --dry-run br0; iface-start br0'
ifk 'iface-list --all; iface-dumpxml br0'
kernel

echo
echo "== 2. a change, rolled back"
ifk 'iface-begin; iface-destroy br0; iface-define examples/br0-mtu9000.xml; iface-start br0'
show ip -n "$ns" -o link show br0
ifk 'iface-rollback; iface-dumpxml --inactive br0'
kernel

echo
echo "== 3. the same host through ifkitd, with virsh as the client"
build/bin/ifkitd -c "$uri" --socket "$work/sock" --ro-socket "$work/sock-ro" 2>"$work/ifkitd.log" &
daemon=$!
for _ in $(seq 50); do [[ -S $work/sock ]] && break; sleep 0.1; done
show virsh -c "interface+unix:///system?socket=$work/sock" 'iface-list --all; iface-mac eth0'
show virsh -c "interface+unix:///system?socket=$work/sock-ro" 'iface-destroy br0' || true
