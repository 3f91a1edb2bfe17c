#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs ifkit's main job in a
# throwaway network namespace, deleted afterwards.
#
#  1. ifkit:///system on the namespace: a veth pair stands in for a NIC, a bridge over it with an
#     address; ifkit lists them, describes the bridge live (ports, address, route), stores a
#     definition and shows it.
#  2. The same commands through ifkitd, the daemon, with unmodified virsh as the client.
#  3. A change transaction on the test:///default driver: begin, change, roll back.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh >/dev/null
cmake -S . -B build -G Ninja -DIFKIT_TESTS=ON >/dev/null  # only two targets are built
cmake --build build --target ifkit ifkitd >/dev/null

ns="ifkit-demo-$$"
work=$(mktemp -d)
daemon=""
cleanup() {
  [[ -n $daemon ]] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  ip netns delete "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip -n "$ns" link add eth0 type veth peer name eth0-peer
ip -n "$ns" link add br0 type bridge
ip -n "$ns" link set eth0 master br0
ip -n "$ns" addr add 192.0.2.1/24 dev br0
for link in eth0 eth0-peer br0; do ip -n "$ns" link set "$link" up; done
ip -n "$ns" route add default via 192.0.2.254

uri="ifkit:///system?netns=$ns&store=$work/store"
show() {
  echo
  echo "\$ $*"
  "$@"
}

echo "== 1. ifkit:///system on namespace $ns"
show build/bin/ifkit -c "$uri" 'iface-list --all; iface-dumpxml br0'
show build/bin/ifkit -c "$uri" 'iface-define examples/br0.xml; iface-dumpxml --inactive br0'
show ls "$work/store"

echo
echo "== 2. the same host through ifkitd, with virsh as the client"
build/bin/ifkitd -c "$uri" --socket "$work/sock" --ro-socket "$work/sock-ro" 2>"$work/ifkitd.log" &
daemon=$!
for _ in $(seq 50); do [[ -S $work/sock ]] && break; sleep 0.1; done
show virsh -c "interface+unix:///system?socket=$work/sock" 'iface-list --all; iface-mac eth0'
show virsh -r -c "interface+unix:///system?socket=$work/sock-ro" 'iface-undefine br0' || true

echo
echo "== 3. a change transaction (test:///default)"
show build/bin/ifkit -c test:///default \
  "iface-define examples/br0.xml; iface-begin; iface-define examples/br0-mtu9000.xml; iface-dumpxml br0; iface-rollback; iface-dumpxml br0"
