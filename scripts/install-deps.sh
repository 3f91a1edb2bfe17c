#!/usr/bin/env bash
# Installs the Debian 12 packages ifkit needs to build and to run every test.
# Idempotent and non-interactive: installs only what is missing.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  libxml2-dev libgtest-dev libgmock-dev libbenchmark-dev libasio-dev
  # the interactive terminal's line editor (BSD-licensed, readline's interface)
  libedit-dev
  scdoc bash-completion zsh  # the man pages; the completion tests run bash (with its helpers) and zsh
  # fuzzing and sanitizers (clang's libFuzzer and ASan/UBSan runtimes)
  clang libclang-rt-14-dev xxd
  # oracles: libvirt's virsh and test driver, its schema, its Python binding, xmllint
  libvirt-clients libvirt0 python3-libvirt libxml2-utils
  # a real libvirt daemon, to test ifkit's client against it (run with its interface driver only)
  libvirt-daemon
  # the live host: netlink through libnl-route-3
  libnl-3-dev libnl-route-3-dev
  # kernel-facing tests: namespaces, and bonds/VLANs in a small VM with Debian's own kernel
  iproute2 qemu-system-x86 busybox-static cpio xz-utils dash
  # the ssh transport: a loopback sshd and OpenBSD netcat on the far side; systemd-socket-activate
  # stands in for systemd in the daemon's socket-activation test
  openssh-server openssh-client netcat-openbsd systemd
  # DHCP: the server side of the DHCP tests (the client is busybox's udhcpc)
  dnsmasq-base
)

missing=()
for p in "${packages[@]}"; do
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
