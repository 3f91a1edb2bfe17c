#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `ifkit -r` for a user who is not root works through ifkitd's read-only socket, as `virsh -r`
# does, with and without `-c interface:///system`; and a read-only command writes nothing: it
# runs with / and /run mounted read-only. In a mount namespace of its own, where /run is a fresh
# tmpfs holding only the daemon's /run/libvirt, so that the host's sockets are never touched.
#   readonly_user_test.sh BIN_DIR EXAMPLES_DIR
set -euo pipefail
bin=$1
examples=$2
if [[ ${IFKIT_IN_MOUNT_NS:-} != 1 ]]; then
  exec env IFKIT_IN_MOUNT_NS=1 unshare --mount --propagation private "$0" "$@"
fi

mount -t tmpfs tmpfs /run
mkdir /run/libvirt
mount -t tmpfs tmpfs /run/libvirt  # the daemon's sockets: the one place that stays writable
mount -o remount,ro,bind /
mount -o remount,ro /run

"$bin/ifkitd" -c test:///default -f /dev/null 2>/run/libvirt/ifkitd.log &
daemon=$!
trap 'kill $daemon; wait $daemon || true' EXIT
for _ in $(seq 500); do [[ -S /run/libvirt/virtinterfaced-sock-ro ]] && break; sleep 0.02; done

reference=$("$bin/ifkit" -c test:///default iface-list)
failures=0
# expect NAME STATUS OUTPUT-PATTERN COMMAND...
expect() {
  local name=$1 status=$2 pattern=$3
  shift 3
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [[ $rc != "$status" ]] || ! grep -qF -- "$pattern" <<<"$out"; then
    echo "FAIL $name: exit $rc (wanted $status), output:"
    echo "$out"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}
as_nobody() {
  setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH=/usr/bin:/bin HOME=/nonexistent "$@"
}

expect "nobody: ifkit -r iface-list" 0 "$reference" as_nobody "$bin/ifkit" -r iface-list
expect "nobody: ifkit -r -c interface:///system iface-list" 0 "$reference" \
  as_nobody "$bin/ifkit" -r -c interface:///system iface-list
expect "nobody: ifkit --readonly iface-dumpxml eth1" 0 "<interface type='ethernet' name='eth1'>" \
  as_nobody "$bin/ifkit" --readonly iface-dumpxml eth1
expect "nobody: a change is forbidden" 1 \
  "operation forbidden: read only access prevents virInterfaceDefineXML" \
  as_nobody "$bin/ifkit" -r iface-define "$examples/br0.xml"
expect "root: ifkit -r iface-list goes through the daemon, writing nothing" 0 "$reference" \
  env -i PATH=/usr/bin:/bin HOME=/nonexistent "$bin/ifkit" -r iface-list
expect "nobody: without -r, the read-write socket is root's" 1 "Permission denied" \
  as_nobody "$bin/ifkit" -c interface:///system iface-list

echo "$((6 - failures)) passed, $failures failed"
[[ $failures == 0 ]]
