#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Installs the Debian 12 packages ifkit needs, by purpose; idempotent and non-interactive: installs
# only what is missing.
#   scripts/install-deps.sh [GROUP...]     GROUP: build run test vm deb all
#     build  what compiles ifkit: the compiler, CMake, and the libraries it links
#     run    what ifkit calls at run time: busybox's udhcpc (/bin/busybox) and iproute2 for DHCP,
#            ssh and nc for interface+ssh:// URIs
#     test   the test suite's tools and oracles (GoogleTest, libvirt, clang's fuzzer, sshd, dnsmasq)
#     vm     the VM that tests bonds and VLANs (qemu, an initramfs's tools)
#     deb    building the Debian packages (debhelper, lintian): scripts/build-deb.sh
#   With no GROUP: what scripts/test.sh needs (build run test vm deb).
set -euo pipefail

declare -A group
# debian/control's Build-Depends say the same for the package build.
group[build]="build-essential cmake ninja-build pkg-config
  libxml2-dev libnl-3-dev libnl-route-3-dev libasio-dev
  libedit-dev libyaml-dev
  scdoc bash-completion"  # the man pages (scdoc); where bash completion goes (its pkg-config)
group[run]="busybox-static iproute2 openssh-client netcat-openbsd"
# GoogleTest and the benchmarks; clang's libFuzzer and ASan/UBSan runtimes; the oracles:
# libvirt's virsh and test driver, its schema, its Python binding, xmllint, a real libvirt daemon;
# a loopback sshd for the ssh transport, systemd-socket-activate for socket activation, and
# dnsmasq as the DHCP server (the client is busybox's udhcpc); ansible-core runs the collection's
# tests (ansible/).
group[test]="libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev xxd
  libvirt-clients libvirt0 python3-libvirt libxml2-utils libvirt-daemon
  openssh-server systemd dnsmasq-base
  zsh ifupdown netplan.io network-manager ccache
  ansible-core"  # zsh: completion tests; ifupdown, netplan, NetworkManager: oracles (netplan
  # generate, NetworkManager --print-config, nmcli --offline); ccache: rebuilds; ansible-core: fleet
# Debian's own kernel under qemu, with a busybox initramfs (scripts/vm/).
group[vm]="qemu-system-x86 busybox-static cpio xz-utils dash"
group[deb]="debhelper lintian dpkg-dev"

groups=("$@")
((${#groups[@]})) || groups=(build run test vm deb)
packages=()
for g in "${groups[@]}"; do
  if [[ $g == all ]]; then set -- build run test vm deb; else set -- "$g"; fi
  for each in "$@"; do
    [[ -n ${group[$each]:-} ]] || { echo "install-deps: unknown group '$each' (build run test vm deb all)" >&2; exit 2; }
    # shellcheck disable=SC2206  # the lists are words
    packages+=(${group[$each]})
  done
done

missing=()
for p in $(printf '%s\n' "${packages[@]}" | sort -u); do   # busybox-static is in two groups
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi
