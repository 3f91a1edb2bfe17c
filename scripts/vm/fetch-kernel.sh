#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Fetches Debian's current amd64 kernel package into a cache and prints the cache folder's path.
#
#   scripts/vm/fetch-kernel.sh [--cache-root DIR] [--quiet]
#
# The VM tests boot Debian's own kernel because this project's machines run a kernel without
# bonding, 802.1q and dummy devices. The concrete package (linux-image-6.1.0-N-amd64) changes
# with every Debian ABI bump, so it is asked of apt each time, never written down here.
#
# Cache root: --cache-root, else $IFKIT_VM_CACHE, else $XDG_CACHE_HOME/ifkit-vm (~/.cache/ifkit-vm).
# One folder per kernel, named <uname -r>_<package version>, holding:
#   vmlinuz                 the bzImage as shipped
#   vmlinux                 the ELF inside it (PVH entry): qemu boots it directly, ~4 s faster
#                           under TCG than vmlinuz (no SeaBIOS, no emulated xz); absent if the
#                           bzImage holds no xz stream
#   lib/modules/<uname -r>  every module, with a modules.dep made by busybox depmod
#   release                 the <uname -r> string
# A folder is complete once it exists under its final name (built beside it, then renamed), so
# a second run only asks apt which package is current and prints the path.
#
# Exit status: 0 with the path on stdout; 77 when the kernel package cannot be had (no apt, no
# such package, download refused) and nothing is cached; 1 on any other failure.
set -euo pipefail

readonly kSkip=77
export LC_ALL=C  # byte patterns below (grep -P \xFD) must not be read as UTF-8
quiet=0
root=${IFKIT_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ifkit-vm}

while (($#)); do
  case $1 in
    --cache-root) root=$2; shift 2 ;;
    --quiet) quiet=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "fetch-kernel: unknown argument: $1" >&2; exit 2 ;;
  esac
done

say() { ((quiet)) || echo "fetch-kernel: $*" >&2; }
die() { echo "fetch-kernel: $*" >&2; exit 1; }

# Newest complete cached kernel, for when apt cannot answer (offline, no package lists).
newestCached() {
  local dir
  # shellcheck disable=SC2012  # names are ours: <release>_<version>
  dir=$(ls -1dt "$root"/*/release 2>/dev/null | head -n 1) || true
  [[ -n $dir ]] && dirname "$dir"
}

# Either fall back to what is cached or report "cannot be had" with the skip status.
cannotHave() {
  local cached
  cached=$(newestCached)
  if [[ -n $cached ]]; then
    echo "fetch-kernel: $*; using the cached $(basename "$cached")" >&2
    echo "$cached"
    exit 0
  fi
  echo "fetch-kernel: kernel package cannot be had: $*" >&2
  exit "$kSkip"
}

# Prints "<package> <version>" of the concrete image linux-image-amd64 depends on today.
resolvePackage() {
  local meta pkg ver
  meta=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null) || return 1
  # shellcheck disable=SC2020  # both separators become newlines
  pkg=$(sed -n 's/^Depends: //p' <<<"$meta" | tr ',|' '\n\n' |
        sed -n 's/^ *\(linux-image-[0-9][^ ]*-amd64\).*/\1/p' | head -n 1)
  [[ -n $pkg ]] || return 1
  ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
  [[ -n $ver ]] || return 1
  echo "$pkg $ver"
}

command -v apt-cache >/dev/null || cannotHave "apt-cache not found (not a Debian host?)"
mkdir -p "$root"

# apt-cache takes over a second; its answer can only change when the package lists do.
listsStamp=$(stat -c %Y /var/lib/apt/lists /etc/apt/sources.list /etc/apt/sources.list.d \
             2>/dev/null | tr '\n' ' ') || true
resolved=
if [[ -f $root/.resolved ]]; then
  read -r stamp resolved <<<"$(sed 's/|/ /' "$root/.resolved")" || true
  [[ $stamp == "${listsStamp// /,}" ]] || resolved=
fi
if [[ -z $resolved ]] && ! resolved=$(resolvePackage); then
  # Fresh containers often have no package lists yet; root may fetch them once.
  if [[ $(id -u) -eq 0 ]]; then
    say "linux-image-amd64 unknown to apt: running apt-get update"
    apt-get update -q >&2 || true
  fi
  resolved=$(resolvePackage) || cannotHave "apt knows no linux-image-amd64"
fi
echo "${listsStamp// /,}|$resolved" >"$root/.resolved"
read -r pkg pkgver <<<"$resolved"
release=${pkg#linux-image-}
dest="$root/${release}_${pkgver//:/%}"

if [[ -f $dest/release ]]; then
  say "cached: $pkg $pkgver"
  echo "$dest"
  exit 0
fi

# Several builds (ctest -j, build and build-asan) may ask at once: one fetches, the others wait.
exec {lockfd}>"$root/.lock"
flock "$lockfd"
if [[ -f $dest/release ]]; then
  echo "$dest"
  exit 0
fi

work=$(mktemp -d "$root/.fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
say "downloading $pkg $pkgver"
started=$SECONDS
# As root apt drops to the _apt user unless told otherwise; that user cannot write here.
(cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$pkgver" >&2) ||
  cannotHave "apt-get download $pkg=$pkgver failed"
deb=$(ls "$work"/*.deb)

say "unpacking $(basename "$deb")"
mkdir "$work/x"
dpkg-deb -x "$deb" "$work/x"
rm -f "$deb"
out="$work/out"
mkdir -p "$out/lib/modules"
[[ -f $work/x/boot/vmlinuz-$release ]] || die "no boot/vmlinuz-$release in $pkg"
[[ -d $work/x/lib/modules/$release ]] || die "no lib/modules/$release in $pkg"
mv "$work/x/boot/vmlinuz-$release" "$out/vmlinuz"
mv "$work/x/lib/modules/$release" "$out/lib/modules/$release"
rm -rf "$work/x"

# The .deb ships no modules.dep (the package's postinst makes it); busybox's depmod writes one
# in the same "kernel/a.ko: kernel/dep.ko ..." form.
busybox depmod -b "$out" "$release" ||
  die "busybox depmod failed (package busybox-static)"
[[ -s $out/lib/modules/$release/modules.dep ]] || die "depmod wrote no modules.dep"

# The bzImage carries the kernel as one xz stream after the setup code: decompress that stream
# alone. No pipe from tail into xz: xz stops at the stream's end and tail would die of SIGPIPE.
offset=$(grep -obUaP '\xFD7zXZ\x00' "$out/vmlinuz" | head -n 1 | cut -d: -f1) || true
if [[ -n $offset ]]; then
  tail -c +"$((offset + 1))" "$out/vmlinuz" >"$work/payload.xz"
  if xz -dc --single-stream "$work/payload.xz" >"$out/vmlinux" 2>/dev/null &&
     [[ $(head -c 4 "$out/vmlinux" | od -An -tx1 | tr -d ' ') == 7f454c46 ]]; then
    say "extracted vmlinux ($(stat -c %s "$out/vmlinux") bytes)"
  else
    say "the xz stream in vmlinuz is not an ELF kernel; booting vmlinuz only"
    rm -f "$out/vmlinux"
  fi
  rm -f "$work/payload.xz"
else
  say "no xz stream in vmlinuz; booting vmlinuz only"
fi

echo "$release" >"$out/release"
mv "$out" "$dest"
say "cached $pkg $pkgver in $((SECONDS - started)) s: $dest"

# Older kernels are dead weight (each is ~400 MB of modules): keep only the current one.
shopt -s nullglob
for old in "$root"/*/release; do
  [[ $(dirname "$old") == "$dest" ]] && continue
  say "removing the superseded $(basename "$(dirname "$old")")"
  rm -rf "$(dirname "$old")"
done
echo "$dest"
