// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/line_merge.h"

#include <algorithm>
#include <vector>

#include "native/line_diff.h"

namespace ifkit::native {
namespace {

// Whether two changes of the same base touch: they share a line, meet end to start, or insert
// at the same place. Touching changes are merged by no rule a reader could predict.
bool touch(const LineChange& a, const LineChange& b) {
  return a.first <= b.last && b.first <= a.last;
}

bool same(const LineChange& a, const LineChange& b) {
  return a.first == b.first && a.last == b.last && a.lines == b.lines;
}

}  // namespace

std::optional<std::string> mergeLines(std::string_view base, std::string_view ours,
                                      std::string_view theirs) {
  std::vector<LineChange> changes = lineChanges(base, ours);
  for (LineChange& change : lineChanges(base, theirs)) {
    // The same change made on both sides (the manager's file already as wanted there) counts once.
    if (std::any_of(changes.begin(), changes.end(),
                    [&](const LineChange& other) { return same(other, change); }))
      continue;
    if (std::any_of(changes.begin(), changes.end(),
                    [&](const LineChange& other) { return touch(other, change); }))
      return std::nullopt;
    changes.push_back(std::move(change));
  }
  std::sort(changes.begin(), changes.end(),
            [](const LineChange& a, const LineChange& b) { return a.first < b.first; });
  const std::vector<std::string_view> lines = linesOf(base);
  std::string merged;
  std::size_t next = 0;  // the first base line not yet copied or replaced
  for (const LineChange& change : changes) {
    for (; next < change.first; ++next) merged += lines[next];
    for (std::string_view line : change.lines) merged += line;
    next = change.last;
  }
  for (; next < lines.size(); ++next) merged += lines[next];
  return merged;
}

}  // namespace ifkit::native
