#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Boots Debian's kernel in qemu once and runs the given GoogleTest binaries inside it.
#
#   scripts/vm/run-in-vm.sh [options] TEST_BINARY...
#
# The binaries run as root in a minimal busybox guest, in the order given, each with
# --gtest_output=xml. The guest has the real iproute2 ip and bridge, dash as /bin/sh, and the
# modules bonding (max_bonds=0), 8021q, dummy (numdummies=0), veth and bridge loaded, with their
# dependencies first. Every file added gets the libraries ldd names for it, at the same paths.
#
# Options:
#   --junit-dir DIR        copy each binary's JUnit XML out to DIR/<binary>.xml
#   --file HOST[:GUEST]    add a file (GUEST defaults to /data/<name>); a dynamic executable
#                          brings its libraries along
#   --module NAME[:ARGS]   load one more kernel module (with its dependencies), e.g. macvlan
#   --timeout SECONDS      kill qemu after this long (default $IFKIT_VM_TIMEOUT or 240)
#   --memory MIB           guest memory (default $IFKIT_VM_MEMORY, else sized from the image:
#                          at least 256, and room for the image three times over)
#   --accel auto|tcg|kvm   default $IFKIT_VM_ACCEL or auto: kvm only where kvm_intel or kvm_amd
#                          serves /dev/kvm (a kvm_pvm host cannot run a stock kernel), else tcg
#   --cache-root DIR       kernel cache for fetch-kernel.sh
#   --keep DIR             keep the image, console log and serial data in DIR
#   --append ARGS          more kernel command line (default $IFKIT_VM_APPEND), e.g.
#                          "loglevel=7" to see the boot
# The guest receives the host's GTEST_*, ASAN_OPTIONS, UBSAN_OPTIONS, LSAN_OPTIONS and IFKIT_TEST_*
# variables, so `GTEST_FILTER=Bond.* run-in-vm.sh ...` works as it does on the host.
#
# Exit status: 0 every binary passed; 1 a test failed, or a binary exited 0 without writing
# its JUnit XML (it quit before gtest finished); 2 the guest gave no result (panic, init
# failure) or the harness failed; 124 timeout; 77 (skip) qemu or the kernel package cannot be
# had, unless IFKIT_VM_REQUIRED=1 makes that a failure (2). A missing or unusable /dev/kvm is
# never a skip: the tests then run under TCG.
set -euo pipefail

readonly kSkip=77
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

junitDir=
timeout=${IFKIT_VM_TIMEOUT:-240}
memory=${IFKIT_VM_MEMORY:-}
accel=${IFKIT_VM_ACCEL:-auto}
cacheArgs=()
keepDir=
extraAppend=${IFKIT_VM_APPEND:-}
files=()
modules=("bonding:max_bonds=0" 8021q "dummy:numdummies=0" veth bridge)
tests=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
die() { echo "run-in-vm: $*" >&2; exit 2; }

while (($#)); do
  case $1 in
    --junit-dir) junitDir=$2; shift 2 ;;
    --file) files+=("$2"); shift 2 ;;
    --module) modules+=("$2"); shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --accel) accel=$2; shift 2 ;;
    --cache-root) cacheArgs=(--cache-root "$2"); shift 2 ;;
    --keep) keepDir=$2; shift 2 ;;
    --append) extraAppend=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; tests+=("$@"); break ;;
    -*) die "unknown option: $1 (see --help)" ;;
    *) tests+=("$1"); shift ;;
  esac
done
((${#tests[@]})) || die "no test binary given (see --help)"

# A skip is right where qemu or the kernel package cannot be had, on a machine nobody set up for
# these tests. Where they must run (scripts/test.sh, CI: IFKIT_VM_REQUIRED=1) it is a failure,
# so that a green run always means bonds and VLANs were tested.
skip() {
  if [[ ${IFKIT_VM_REQUIRED:-0} == 1 ]]; then
    echo "run-in-vm: FAILED: $* (IFKIT_VM_REQUIRED=1: the VM tests may not be skipped here)" >&2
    exit 2
  fi
  echo "run-in-vm: SKIPPED: $*" >&2
  exit "$kSkip"
}

qemu=$(command -v qemu-system-x86_64) || skip "qemu-system-x86_64 not found (package qemu-system-x86)"
for tool in busybox dash cpio ldd ip bridge; do
  command -v "$tool" >/dev/null || die "$tool not found: run scripts/install-deps.sh"
done

set +e
kernelDir=$("$here/fetch-kernel.sh" --quiet "${cacheArgs[@]}")
status=$?
set -e
((status == kSkip)) && skip "the kernel package cannot be had"
((status == 0)) || die "fetch-kernel.sh failed (status $status)"
release=$(<"$kernelDir/release")
moduleRoot=$kernelDir/lib/modules/$release

if [[ -n $keepDir ]]; then
  mkdir -p "$keepDir"
  work=$(cd "$keepDir" && pwd)
  rm -rf "$work/root"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/ifkit-vm.XXXXXX")
fi
stage=$work/root

qemuPid=
watchdogPid=
pipelinePid=
# shellcheck disable=SC2317  # reached through the EXIT trap
cleanup() {
  if [[ -n $watchdogPid ]]; then kill "$watchdogPid" 2>/dev/null || true; fi
  # qemu is stopped by its own PID: killing this script's process group would not reach it
  # if it was started elsewhere, and a broad kill could hit another suite's VM.
  if [[ -f $work/qemu.pid ]]; then
    qemuPid=$(<"$work/qemu.pid")
    kill -KILL "$qemuPid" 2>/dev/null || true
  fi
  # The console pipeline writes into $work until qemu is gone.
  if [[ -n $pipelinePid ]]; then wait "$pipelinePid" 2>/dev/null || true; fi
  [[ -n $keepDir ]] || rm -rf "$work" || true
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# ---- the image ---------------------------------------------------------------------------

declare -A added=()  # guest paths already in the image

# Copies HOST to GUEST in the image (following symlinks), then the libraries ldd names for it.
# ldd already lists the whole closure, so the libraries themselves are copied as they are.
addFile() {
  local host=$1 guest=$2 lib libs
  [[ -n ${added[$guest]:-} ]] && return 0
  copyFile "$host" "$guest"
  libsOf "$host"
  libs=("${foundLibs[@]}")
  for lib in "${libs[@]}"; do
    [[ -n ${added[$lib]:-} ]] || copyFile "$lib" "$lib"
  done
}

copyFile() {
  [[ -f $1 ]] || die "no such file: $1"
  [[ -d $stage${2%/*} ]] || mkdir -p "$stage${2%/*}"
  cp -L "$1" "$stage$2"
  added[$2]=1
}

# Sets foundLibs to the absolute library paths ldd names for a file (none for static or
# non-ELF files). A global, not output, so that die() ends the script rather than a subshell.
libsOf() {
  local out
  foundLibs=()
  [[ $(head -c 4 "$1" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] || return 0
  out=$(ldd "$1" 2>/dev/null) || return 0  # "not a dynamic executable"
  if grep -q 'not found' <<<"$out"; then
    die "ldd $1: $(grep 'not found' <<<"$out" | head -n 1 | xargs)"
  fi
  mapfile -t foundLibs < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out")
}

# Seconds since an $EPOCHREALTIME reading, with milliseconds.
since() {
  local us=$((${EPOCHREALTIME/./} - ${1/./}))
  printf '%d.%03d' $((us / 1000000)) $((us / 1000 % 1000))
}

buildStarted=$EPOCHREALTIME

# Module closure from modules.dep ("kernel/a.ko: kernel/dep.ko ..."), dependencies first. In
# awk: a bash loop over the ~4,000 lines costs half a second.
declare -A modArgs=()  # module name (with _ for -) -> insmod parameters
wanted=()
for spec in "${modules[@]}"; do
  name=${spec%%:*}
  name=${name//-/_}
  [[ $spec == *:* ]] && modArgs[$name]=${spec#*:} || modArgs[$name]=
  wanted+=("$name")
done
mapfile -t modOrder < <(awk -v wanted="${wanted[*]}" '
  function modName(path,  n) {
    n = path; sub(/.*\//, "", n); sub(/\.ko.*/, "", n); gsub(/-/, "_", n); return n
  }
  function visit(path,  deps, n, i) {
    if (path in seen) return
    seen[path] = 1
    n = split(dep[path], deps, " ")
    for (i = 1; i <= n; i++) visit(deps[i])
    print path
  }
  {
    path = $1; sub(/:$/, "", path)
    rest = $0; sub(/^[^:]*:[ ]*/, "", rest)
    dep[path] = rest
    byName[modName(path)] = path
  }
  END {
    n = split(wanted, names, " ")
    for (i = 1; i <= n; i++) {
      if (!(names[i] in byName)) { print "missing:" names[i]; continue }
      visit(byName[names[i]])
    }
  }' "$moduleRoot/modules.dep")
for path in "${modOrder[@]}"; do
  [[ $path != missing:* ]] || die "kernel $release has no module ${path#missing:}"
done

mkdir -p "$stage"/{usr/bin,usr/sbin,usr/lib,usr/lib64,proc,sys,dev,tmp,run,etc/ifkit-vm,tests}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$stage/$d"; done

addFile "$(command -v dash)" /usr/bin/dash
ln -s dash "$stage/usr/bin/sh"
addFile "$(command -v ip)" /usr/sbin/ip
addFile "$(command -v bridge)" /usr/sbin/bridge
[[ -d /etc/iproute2 ]] && cp -r /etc/iproute2 "$stage/etc/iproute2"
[[ -d /usr/share/iproute2 ]] && mkdir -p "$stage/usr/share" && cp -r /usr/share/iproute2 "$stage/usr/share/"
echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
echo 'root:x:0:' >"$stage/etc/group"

for spec in "${files[@]}"; do
  host=${spec%%:*}
  [[ $spec == *:* ]] && guest=${spec#*:} || guest=/data/${host##*/}
  [[ $guest == /* ]] || die "--file $spec: the guest path must be absolute"
  addFile "$host" "$guest"
done

: >"$stage/etc/ifkit-vm/tests"
for test in "${tests[@]}"; do
  [[ -x $test ]] || die "not an executable: $test"
  guest=/tests/${test##*/}
  [[ -z ${added[$guest]:-} ]] || die "two test binaries named ${test##*/}"
  addFile "$test" "$guest"
  echo "$guest" >>"$stage/etc/ifkit-vm/tests"
done

# init links busybox's applets (~270 symlinks: half a second of forks here, nothing there).
addFile "$(command -v busybox)" /usr/bin/busybox

: >"$stage/etc/ifkit-vm/modules"
for path in "${modOrder[@]}"; do
  src=$moduleRoot/$path
  ko=lib/modules/$release/${path%.ko*}.ko
  mkdir -p "$stage/usr/$(dirname "$ko")"
  # Newer Debian kernels compress modules; busybox insmod wants them plain.
  case $path in
    *.ko.xz) xz -dc "$src" >"$stage/usr/$ko" ;;
    *.ko.zst) zstd -qdc "$src" >"$stage/usr/$ko" ;;
    *.ko.gz) gzip -dc "$src" >"$stage/usr/$ko" ;;
    *) cp "$src" "$stage/usr/$ko" ;;
  esac
  name=${path##*/}
  name=${name%%.ko*}
  args=${modArgs[${name//-/_}]:-}
  echo "$ko ${args//,/ }" >>"$stage/etc/ifkit-vm/modules"
done

# Host variables the guest's tests should see, quoted for dash ('...' with ' as '\'').
: >"$stage/etc/ifkit-vm/env"
while IFS= read -r name; do
  value=${!name}
  printf "%s='%s'\n" "$name" "${value//\'/\'\\\'\'}" >>"$stage/etc/ifkit-vm/env"
done < <(compgen -e | grep -E '^(GTEST_|IFKIT_TEST_|ASAN_OPTIONS$|UBSAN_OPTIONS$|LSAN_OPTIONS$)' || true)

cp "$here/init.sh" "$stage/init"
chmod 755 "$stage/init"

# No device nodes needed: the kernel's built-in initramfs provides /dev/console, and init
# mounts devtmpfs before it opens anything else. Not compressed: under TCG the guest unpacks
# the 13 MB cpio in 0.1 s, against 0.3 s to gunzip the 5.7 MB of gzip -1.
(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
  cpio --null -o -H newc -R 0:0 --quiet) >"$work/initrd.cpio"
printf 'run-in-vm: image %s bytes, %s modules, built in %s s\n' \
  "$(stat -c %s "$work/initrd.cpio")" "${#modOrder[@]}" \
  "$(since "$buildStarted")"

# The guest holds the cpio and the files unpacked from it in RAM at once, and the binaries then
# run from that RAM: sanitizer builds make a 100 MB image, which 256 MiB cannot unpack ("Initramfs
# unpacking failed: write error"). Three times the image, plus what the kernel and tests use.
if [[ -z $memory ]]; then
  imageMib=$(( ($(stat -c %s "$work/initrd.cpio") + 1048575) / 1048576 ))
  memory=$(( imageMib * 3 + 192 ))
  (( memory >= 256 )) || memory=256
fi

# ---- the boot ----------------------------------------------------------------------------

if [[ $accel == auto ]]; then
  accel=tcg
  if [[ -r /dev/kvm && -w /dev/kvm ]] && [[ -d /sys/module/kvm_intel || -d /sys/module/kvm_amd ]]
  then
    accel=kvm
  fi
fi
case $accel in
  kvm) accelArgs=(-accel kvm -cpu host) ;;
  tcg) accelArgs=(-accel tcg -cpu max) ;;
  *) die "--accel must be auto, tcg or kvm" ;;
esac

# The ELF kernel boots through its PVH entry: no firmware, no emulated decompression.
kernel=$kernelDir/vmlinux
[[ -f $kernel ]] || kernel=$kernelDir/vmlinuz

rm -f "$work/serial1" "$work/status" "$work/qemu.pid" "$work/timed-out"
# shellcheck disable=SC2054  # the commas are qemu's option syntax
qemuArgs=(
  -M q35 "${accelArgs[@]}" -m "$memory" -smp 1
  -nodefaults -no-user-config -display none -monitor none -no-reboot -nic none
  -chardev stdio,id=console,signal=off -serial chardev:console
  -serial "file:$work/serial1"
  -device isa-debug-exit,iobase=0xf4,iosize=0x04
  -pidfile "$work/qemu.pid"
  -kernel "$kernel" -initrd "$work/initrd.cpio"
  -append "console=ttyS0 panic=-1 quiet loglevel=3 rdinit=/init $extraAppend"
)
echo "run-in-vm: booting $release ($accel, ${kernel##*/}) with ${#tests[@]} test binaries"
bootStarted=$EPOCHREALTIME

# Console lines pass through as they come (CR-LF from the guest's tty made plain), and are kept.
{
  status=0
  "$qemu" "${qemuArgs[@]}" </dev/null 2>&1 || status=$?  # odd statuses are the guest's
  echo "$status" >"$work/status"
} | tr -d '\r' | tee "$work/console.log" &
pipelinePid=$!

# The watchdog ticks each second so that killing it leaves no long sleep holding CTest's pipe.
(
  exec >/dev/null 2>&1
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do sleep 1; done
  touch "$work/timed-out"
  [[ -f $work/qemu.pid ]] && kill -TERM "$(<"$work/qemu.pid")"
  sleep 5
  [[ -f $work/qemu.pid ]] && kill -KILL "$(<"$work/qemu.pid")"
) &
watchdogPid=$!

wait "$pipelinePid" || true
pipelinePid=
kill "$watchdogPid" 2>/dev/null || true
watchdogPid=
rm -f "$work/qemu.pid"
elapsed=$(since "$bootStarted")

qemuStatus=$(cat "$work/status" 2>/dev/null || echo "?")

# ---- the results -------------------------------------------------------------------------

# Without --junit-dir the XML still comes out, into the work folder, to be checked.
xmlDir=${junitDir:-$work/junit}
mkdir -p "$xmlDir"
# A file left by an earlier run must not pass for this run's result.
for test in "${tests[@]}"; do rm -f "$xmlDir/${test##*/}.xml"; done
if [[ -s $work/serial1 ]]; then
  # One tar archive per binary, back to back: --ignore-zeros reads past each end marker.
  tar -x --ignore-zeros -f "$work/serial1" -C "$xmlDir" 2>/dev/null ||
    echo "run-in-vm: the JUnit data from the guest is incomplete" >&2
fi
missingXml=0
for test in "${tests[@]}"; do
  xml=$xmlDir/${test##*/}.xml
  if [[ -f $xml ]]; then
    summary=$(grep -m 1 -o '<testsuites [^>]*>' "$xml" | sed -E \
      's/.* tests="([0-9]+)" failures="([0-9]+)" disabled="([0-9]+)" errors="([0-9]+)".*/\1 tests, \2 failed, \3 disabled, \4 errors/')
    echo "run-in-vm: ${test##*/}: $summary${junitDir:+: $xml}"
  else
    echo "run-in-vm: ${test##*/}: no JUnit XML came back"
    missingXml=1
  fi
done

if [[ -f $work/timed-out ]]; then
  echo "run-in-vm: TIMEOUT: killed qemu after ${timeout} s" >&2
  exit 124
fi
if [[ $qemuStatus =~ ^[0-9]+$ ]] && ((qemuStatus % 2 == 1)); then
  guest=$((qemuStatus >> 1))
  echo "run-in-vm: guest result $guest after ${elapsed} s (boot to result)"
  case $guest in
    0)
      # gtest writes its XML on every normal end; a binary that exits 0 without it quit early
      # (exit() from a test, a fork that returned) and ran nobody knows which tests.
      if ((missingXml)); then
        echo "run-in-vm: FAILED: a binary exited 0 without gtest's JUnit XML" >&2
        exit 1
      fi
      exit 0 ;;
    1) exit 1 ;;
    *) exit 2 ;;
  esac
fi
echo "run-in-vm: the guest gave no result (qemu status $qemuStatus after ${elapsed} s):" \
  "a kernel panic or init failure; see the console above" >&2
exit 2
