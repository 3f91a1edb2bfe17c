#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# A read-only command writes nothing anywhere: the store, the host's configuration root and /run
# are listed (name, type, size, mtime, mode, owner) before and after each one, and must not
# differ, down to a directory's mtime (a file made and removed again changes it).
#   1. as root, on ifkit:///system directly (no daemon): with no store at all (it must not be
#      made, nor its lock file), then with definitions in it;
#   2. as a user who is not root, through a test ifkitd's read-only socket (and root too).
# In a network namespace of its own (one veth link, eth1) and a mount namespace where /run is a
# fresh tmpfs, so that the host's interfaces, /run and sockets are never touched.
#   readonly_writes_nothing_test.sh BIN_DIR EXAMPLES_DIR
set -euo pipefail
bin=$1
examples=$2
if [[ ${IFKIT_IN_NAMESPACES:-} != 1 ]]; then
  exec env IFKIT_IN_NAMESPACES=1 unshare --mount --net --propagation private "$0" "$@"
fi

mount -t tmpfs tmpfs /run
mkdir /run/libvirt
ip link set lo up
ip link add eth1 type veth peer name eth1-peer
ip link set eth1 up
ip link set eth1-peer up

top=$(mktemp -d)
mount -t tmpfs tmpfs "$top"  # its contents go with the namespace, the empty folder here
daemon=
cleanup() {
  if [[ -n $daemon ]]; then kill "$daemon"; wait "$daemon" || true; fi
  umount "$top" && rmdir "$top"
}
trap cleanup EXIT
mkdir -p "$top/t/root/etc/network" "$top/logs" "$top/t/home"
chown 65534:65534 "$top/t/home"
chmod 755 "$top" "$top/t" "$top/t/root"
# The host's own manager configures eth1 (ifupdown): read by the listing, never written.
printf 'auto eth1\niface eth1 inet manual\n' >"$top/t/root/etc/network/interfaces"
store=$top/t/store
uri="ifkit:///system?store=$store&root=$top/t/root"

snapshot() {
  find "$top/t" /run -printf '%p %y %s %T@ %m %u\n' | sort
}
failures=0
passed=0
# check NAME PATTERN COMMAND...: COMMAND succeeds, prints PATTERN, and changes no file.
check() {
  local name=$1 pattern=$2
  shift 2
  local before after out rc=0
  before=$(snapshot)
  out=$("$@" 2>&1) || rc=$?
  after=$(snapshot)
  if [[ $rc != 0 ]] || ! grep -qF -- "$pattern" <<<"$out" || [[ $before != "$after" ]]; then
    echo "FAIL $name: exit $rc, output:"
    echo "$out"
    diff <(echo "$before") <(echo "$after") || true
    failures=$((failures + 1))
  else
    echo "ok   $name"
    passed=$((passed + 1))
  fi
}
as_root() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$top/t/home" "$@"
}
as_nobody() {
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    env -i PATH=/usr/bin:/bin HOME="$top/t/home" "$@"
}

# 1. Root, no daemon, no store yet: a missing store is one without definitions.
check "root, no store: ifkit -r iface-list" eth1 \
  as_root IFKIT_DEFAULT_URI="$uri" "$bin/ifkit" -r iface-list
check "root, no store: -c ... --readonly iface-list --inactive" Name \
  as_root "$bin/ifkit" -c "$uri" --readonly iface-list --inactive
check "root, no store: -r iface-list --all" eth1 as_root "$bin/ifkit" -r -c "$uri" iface-list --all
check "root, no store: -r iface-dumpxml eth1" "name='eth1'" \
  as_root "$bin/ifkit" -r -c "$uri" iface-dumpxml eth1
check "root, no store: -r iface-dumpxml --inactive eth1" "name='eth1'" \
  as_root "$bin/ifkit" -r -c "$uri" iface-dumpxml --inactive eth1
if [[ -e $store ]]; then
  echo "FAIL a read-only command made the store $store"
  failures=$((failures + 1))
fi

# ... and with a definition in the store (written by a read-write command, before the snapshots).
as_root "$bin/ifkit" -c "$uri" iface-define "$examples/br0.xml" >/dev/null
check "root: -r iface-list --inactive" br0 as_root "$bin/ifkit" -r -c "$uri" iface-list --inactive
check "root: -r iface-list --all" br0 as_root "$bin/ifkit" -r -c "$uri" iface-list --all
check "root: -r iface-dumpxml br0" "name='br0'" as_root "$bin/ifkit" -r -c "$uri" iface-dumpxml br0
check "root: -r iface-mac br0" "" as_root "$bin/ifkit" -r -c "$uri" iface-mac br0

# 2. Through a test ifkitd's read-only socket (it opens, and makes, what it needs first).
"$bin/ifkitd" -c "$uri" -f /dev/null 2>"$top/logs/ifkitd.log" &
daemon=$!
for _ in $(seq 500); do [[ -S /run/libvirt/virtinterfaced-sock-ro ]] && break; sleep 0.02; done
check "nobody: ifkit -r iface-list" eth1 as_nobody "$bin/ifkit" -r iface-list
check "nobody: -r -c interface:///system iface-list --all" br0 \
  as_nobody "$bin/ifkit" -r -c interface:///system iface-list --all
check "nobody: -r iface-list --inactive" br0 as_nobody "$bin/ifkit" -r iface-list --inactive
check "nobody: -r iface-dumpxml br0" "name='br0'" as_nobody "$bin/ifkit" -r iface-dumpxml br0
check "nobody: -r iface-dumpxml --inactive eth1" "name='eth1'" \
  as_nobody "$bin/ifkit" -r iface-dumpxml --inactive eth1
check "root through the daemon: ifkit -r iface-list --all" br0 as_root "$bin/ifkit" -r iface-list --all

echo "$passed passed, $failures failed"
[[ $failures == 0 ]]
