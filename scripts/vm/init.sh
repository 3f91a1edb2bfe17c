#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# PID 1 of the test VM: prepares the guest, runs the listed GoogleTest binaries, reports to qemu.
#
# run-in-vm.sh copies this file to /init and writes beside it:
#   /etc/ifkit-vm/modules   "path/to/x.ko [params]" per line, dependencies first
#   /etc/ifkit-vm/tests     one guest path of a test binary per line, run in that order
#   /etc/ifkit-vm/env       shell assignments forwarded from the host (GTEST_*, ASAN_OPTIONS, ...)
# Results leave the guest three ways: the console (ttyS0) carries gtest's text; ttyS1, set raw,
# carries one tar archive per binary holding its JUnit XML; and the I/O port of qemu's
# isa-debug-exit device carries the exit status (0 all passed, 1 a test failed, 2 the guest
# could not prepare itself), which qemu turns into its own status (code << 1) | 1.
# Runs under dash (busybox's sh would pick its own applets over the real iproute2 ip).

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH HOME=/root TMPDIR=/tmp IFKIT_VM=1

# Applets fill only the names no real program took (symlink() never replaces): ip, bridge and
# sh stay iproute2's and dash.
/usr/bin/busybox --install -s /usr/bin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm /run /tmp /root /var
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t devpts devpts /dev/pts
ln -sfn /run /var/run
ln -sfn /proc/self/fd /dev/fd

# Ends the VM with status $1 (0-255). Closing every handle on the console first makes the
# kernel drain the UART before qemu stops: the last close of a serial tty waits until sent.
report() {
  exec </dev/null >/dev/null 2>&1
  # shellcheck disable=SC2059  # the format is the byte itself, as an octal escape
  printf "\\$(printf %o "$1")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
  poweroff -f  # only reached without isa-debug-exit; the host then sees "no result"
}

fail() {
  echo "ifkit-vm: $*"
  report 2
}

while read -r ko params; do
  # shellcheck disable=SC2086  # params are words by design (bonding max_bonds=0 ...)
  insmod "/$ko" $params || fail "insmod $ko failed"
done </etc/ifkit-vm/modules

ip link set lo up || fail "cannot bring lo up"
stty -F /dev/ttyS1 raw -echo || fail "cannot set ttyS1 raw"

# Colour codes would only clutter CTest's log; the host may still ask for them.
export GTEST_COLOR=no
set -a
# shellcheck disable=SC1091  # written by run-in-vm.sh into the image
. /etc/ifkit-vm/env
set +a

read -r uptime _ </proc/uptime
echo "ifkit-vm: guest ready at ${uptime} s of uptime"

mkdir -p /tmp/junit
rc=0
failed=
while read -r test; do
  name=${test##*/}
  echo "ifkit-vm: running $name"
  (cd /tmp && "$test" --gtest_output="xml:/tmp/junit/$name.xml" </dev/null)
  status=$?
  if [ "$status" -ne 0 ]; then
    rc=1
    failed="$failed $name(status $status)"
  fi
  # One archive per binary, each its own open and close, so what finished reaches the host
  # even if a later binary wedges the guest.
  if [ -f "/tmp/junit/$name.xml" ]; then
    tar -c -f /dev/ttyS1 -C /tmp/junit "$name.xml" || echo "ifkit-vm: cannot send $name.xml"
  fi
done </etc/ifkit-vm/tests

read -r uptime _ </proc/uptime
if [ "$rc" -eq 0 ]; then
  echo "ifkit-vm: all test binaries passed (${uptime} s of uptime)"
else
  echo "ifkit-vm: failed:$failed (${uptime} s of uptime)"
fi
report "$rc"
