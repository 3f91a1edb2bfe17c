// SPDX-License-Identifier: LGPL-2.1-or-later
#include "native/line_diff.h"

#include <algorithm>
#include <vector>

namespace ifkit::native {

std::vector<std::string_view> linesOf(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto newline = text.find('\n');
    if (newline == std::string_view::npos) newline = text.size() - 1;
    lines.push_back(text.substr(0, newline + 1));
    text.remove_prefix(newline + 1);
  }
  return lines;
}

namespace {

enum class Kind { Same, Removed, Added };
struct Step {
  Kind kind;
  std::size_t oldIndex, newIndex;  // the line's index in each text (where it would be)
};

// The shortest edit script by longest common subsequence; configuration files are small.
std::vector<Step> editScript(const std::vector<std::string_view>& a,
                             const std::vector<std::string_view>& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::uint32_t>> common(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1
                                  : std::max(common[i + 1][j], common[i][j + 1]);
  std::vector<Step> steps;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    // Removals before additions, as diff prints a changed line.
    if (i < n && j < m && a[i] == b[j]) steps.push_back({Kind::Same, i++, j++});
    else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1]))
      steps.push_back({Kind::Removed, i++, j});
    else steps.push_back({Kind::Added, i, j++});
  }
  return steps;
}

std::string range(std::size_t start, std::size_t count) {
  // diff -u numbers lines from 1, leaves out a count of 1, and names the line before an empty
  // range.
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

std::vector<LineChange> lineChanges(std::string_view before, std::string_view after) {
  const auto a = linesOf(before), b = linesOf(after);
  std::vector<LineChange> changes;
  bool open = false;  // the last change still grows: no unchanged line since
  for (const Step& step : editScript(a, b)) {
    if (step.kind == Kind::Same) {
      open = false;
      continue;
    }
    if (!open) changes.push_back({step.oldIndex, step.oldIndex, {}});
    open = true;
    if (step.kind == Kind::Removed) changes.back().last = step.oldIndex + 1;
    else changes.back().lines.push_back(b[step.newIndex]);
  }
  return changes;
}

std::string unifiedDiff(std::string_view before, std::string_view after, int context) {
  const auto a = linesOf(before), b = linesOf(after);
  const std::vector<Step> steps = editScript(a, b);
  std::string out;
  const auto ctx = static_cast<std::size_t>(context);
  std::size_t k = 0;
  while (k < steps.size()) {
    if (steps[k].kind == Kind::Same) { ++k; continue; }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is no more than 2 * context unchanged lines from the previous one.
    std::size_t first = k >= ctx ? k - ctx : 0;
    while (first < k && steps[first].kind != Kind::Same) ++first;
    std::size_t last = k;
    for (std::size_t same = 0, s = k; s < steps.size(); ++s) {
      if (steps[s].kind == Kind::Same) {
        if (++same > 2 * ctx) break;
      } else {
        same = 0;
        last = s;
      }
    }
    std::size_t end = std::min(steps.size(), last + 1 + ctx);
    std::size_t oldCount = 0, newCount = 0;
    std::string body;
    for (std::size_t s = first; s < end; ++s) {
      const Step& step = steps[s];
      std::string_view line = step.kind == Kind::Added ? b[step.newIndex] : a[step.oldIndex];
      body += step.kind == Kind::Same ? ' ' : step.kind == Kind::Added ? '+' : '-';
      body += line;
      if (line.empty() || line.back() != '\n') body += "\n\\ No newline at end of file\n";
      if (step.kind != Kind::Added) ++oldCount;
      if (step.kind != Kind::Removed) ++newCount;
    }
    out += "@@ -" + range(steps[first].oldIndex, oldCount) + " +" +
           range(steps[first].newIndex, newCount) + " @@\n" + body;
    k = end;
  }
  return out;
}

}  // namespace ifkit::native
