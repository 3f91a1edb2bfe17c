// SPDX-License-Identifier: LGPL-2.1-or-later
// A unified diff of two texts, line by line: what `iface-define --dry-run` shows of a change to
// another manager's file. Written here because no library in Debian that ifkit uses makes one,
// and running diff(1) from a daemon for a few lines is not worth a process.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ifkit::native {

// The text's lines, each with its newline (the last one may have none).
std::vector<std::string_view> linesOf(std::string_view text);

// One change from an old text to a new one: the old lines [first, last) replaced by `lines`
// (an insertion when first == last).
struct LineChange {
  std::size_t first = 0;
  std::size_t last = 0;
  std::vector<std::string_view> lines;  // views into the new text
};

// The changes of the shortest edit script, in order, none overlapping or touching.
std::vector<LineChange> lineChanges(std::string_view before, std::string_view after);

// "@@ -a,b +c,d @@" hunks with `context` unchanged lines around each change, as `diff -u`
// prints them (without the file header lines); empty when the texts are equal.
std::string unifiedDiff(std::string_view before, std::string_view after, int context = 3);

}  // namespace ifkit::native
