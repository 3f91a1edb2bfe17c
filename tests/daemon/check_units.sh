#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The systemd units as installed: `systemd-analyze verify` accepts them (the man pages named in
# Documentation= aside, while they are not installed on this machine), and `systemd-analyze
# security --offline` rates each service at most 3.0 (exposure, lower is safer).
#   check_units.sh SOURCE_DIR BIN_DIR
set -euo pipefail
source_dir=$1
bin_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ExecStart= names the programs that were built: verify checks that they exist.
for unit in ifkitd.service ifkitd.socket ifkitd-ro.socket ifkit-boot.service; do
  sed -e "s|@CMAKE_INSTALL_FULL_BINDIR@|$bin_dir|g" -e "s|@CMAKE_INSTALL_FULL_SBINDIR@|$bin_dir|g" \
    "$source_dir/contrib/systemd/$unit.in" \
    >"$work/$unit"
done
cd "$work"
# The man pages the units name, as the build made them (build/man), where they were built.
[[ -d $bin_dir/../man ]] && export MANPATH="$(cd "$bin_dir/../man" && pwd):${MANPATH:-}"

# verify fails for a Documentation=man: page that `man` cannot find: only that is forgiven.
status=0
systemd-analyze verify ifkitd.service ifkitd.socket ifkitd-ro.socket ifkit-boot.service \
  >verify.out 2>&1 || status=$?
if grep -v -E "^[a-z-]+\.service: Command 'man [a-z]+\([0-9]\)' failed with code 16$" verify.out \
   | grep -q .; then
  echo "systemd-analyze verify (exit $status):"
  cat verify.out
  exit 1
fi
echo "verify: ok$( [ -s verify.out ] && echo " (man pages not installed here: $(wc -l <verify.out) lines)")"

for service in ifkitd.service ifkit-boot.service; do
  # --threshold is in tenths: 30 is 3.0.
  if ! systemd-analyze security --offline=yes --threshold=30 "$service" >security.out 2>&1; then
    cat security.out
    echo "$service: exposure above 3.0"
    exit 1
  fi
  tail -n 1 security.out
done
