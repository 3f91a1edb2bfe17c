#!/usr/bin/env bash
# Puts the SPDX license line at the top of every source file the project owns: C++ sources and
# headers get `// SPDX-License-Identifier: LGPL-2.1-or-later` as their first line; shell, CMake,
# Python and systemd unit templates get it as a `#` comment, after the shebang where there is one.
# Idempotent: a file that already names an SPDX identifier in its first lines is left alone.
#   scripts/add-spdx.sh           add the line where it is missing, print each file changed
#   scripts/add-spdx.sh --check   change nothing; list the files without it, fail if there are any
# Only files tracked by git are considered, so build trees and fetched sources are never touched;
# test data (XML, expected outputs, fuzz seeds) carries no comment syntax and is left out.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly license='SPDX-License-Identifier: LGPL-2.1-or-later'
check_only=0
case "${1:-}" in
  --check) check_only=1 ;;
  '') ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

# The comment marker a file takes, or nothing if the file is not one we annotate.
comment_for() {
  case "$1" in
    *.cpp | *.h) echo '//' ;;
    *.sh | *.py | *.cmake | */CMakeLists.txt | CMakeLists.txt | contrib/systemd/*.in) echo '#' ;;
  esac
}

has_spdx() { head -n 3 -- "$1" | grep -q 'SPDX-License-Identifier:'; }

missing=0
while IFS= read -r -d '' file; do
  marker=$(comment_for "$file")
  [[ -n $marker && -f $file ]] || continue
  has_spdx "$file" && continue
  missing=$((missing + 1))
  if ((check_only)); then
    echo "no SPDX line: $file"
    continue
  fi
  tmp=$(mktemp "$file.spdx.XXXXXX")
  if [[ $marker == '#' ]] && head -n 1 -- "$file" | grep -q '^#!'; then
    { head -n 1 -- "$file"; echo "$marker $license"; tail -n +2 -- "$file"; } >"$tmp"
  else
    { echo "$marker $license"; cat -- "$file"; } >"$tmp"
  fi
  chmod --reference="$file" "$tmp"   # scripts stay executable
  mv -- "$tmp" "$file"
  echo "added: $file"
done < <(git ls-files -z)

if ((check_only && missing)); then
  echo "add-spdx: $missing file(s) without an SPDX line (run scripts/add-spdx.sh)" >&2
  exit 1
fi
