// SPDX-License-Identifier: LGPL-2.1-or-later
// A unified diff of two texts, line by line: what `iface-define --dry-run` shows of a change to
// another manager's file. Written here because no library in Debian that ifkit uses makes one,
// and running diff(1) from a daemon for a few lines is not worth a process.
#pragma once

#include <string>
#include <string_view>

namespace ifkit::native {

// "@@ -a,b +c,d @@" hunks with `context` unchanged lines around each change, as `diff -u`
// prints them (without the file header lines); empty when the texts are equal.
std::string unifiedDiff(std::string_view before, std::string_view after, int context = 3);

}  // namespace ifkit::native
