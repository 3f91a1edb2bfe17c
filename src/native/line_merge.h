// SPDX-License-Identifier: LGPL-2.1-or-later
// A three-way merge by lines, as diff3 -m makes one when nothing conflicts.
//
// Giving a file back to its manager undoes ifkit's change of it. When the file is no longer as
// ifkit left it (another hand-over cut another interface out of the same file since, or the
// administrator edited elsewhere in it), only ifkit's own change is undone: the changes from
// `base` (the file as ifkit left it) to `ours` (the file now) and to `theirs` (the file as the
// manager had it) are put together. Changes that overlap or touch are a conflict: nothing is
// merged, and the caller refuses rather than guess. Written here, not run as diff3(1), for the
// reason line_diff.h gives.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ifkit::native {

// `base` with both sides' changes; nullopt when they overlap or touch.
std::optional<std::string> mergeLines(std::string_view base, std::string_view ours,
                                      std::string_view theirs);

}  // namespace ifkit::native
