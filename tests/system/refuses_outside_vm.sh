#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Passes only if the VM-only test binary $1 refuses to run without IFKIT_VM=1: it must fail, say
# why, and make no link. It runs in a throwaway network namespace, so that a binary which did not
# refuse would change that namespace's links, never this host's.
set -u
ns="ifkit-t-guard-$$"
ip netns add "$ns" || exit 1
out=$(ip netns exec "$ns" env -u IFKIT_VM "$1" 2>&1)
rc=$?
links=$(ip -n "$ns" -o link show | grep -vc ': lo:')
ip netns delete "$ns"
echo "$out"
[ "$rc" -ne 0 ] || { echo "FAIL: it ran (exit status 0)"; exit 1; }
echo "$out" | grep -q 'IFKIT_VM=1 is not set' || { echo "FAIL: it did not say why"; exit 1; }
[ "$links" -eq 0 ] || { echo "FAIL: it made $links links"; exit 1; }
