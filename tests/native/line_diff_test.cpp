// SPDX-License-Identifier: LGPL-2.1-or-later
// unifiedDiff against diff(1) itself: the same hunks, byte for byte, without the file headers;
// mergeLines against diff3(1) -m -E: the same merged text where diff3 merges cleanly, and a refusal
// wherever diff3 finds a conflict (mergeLines refuses touching changes too, which diff3 may merge).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include "native/line_diff.h"
#include "native/line_merge.h"

namespace ifkit::native {
namespace {

std::string tempFile(const std::string& text) {
  char name[] = "/tmp/ifkit-merge-XXXXXX";
  ::close(::mkstemp(name));
  std::ofstream(name) << text;
  return name;
}

// diff3 -m -E: the merge of the two sides' changes of base (identical changes taken once);
// nullopt when it finds a conflict.
std::optional<std::string> diff3Merge(const std::string& base, const std::string& ours,
                                      const std::string& theirs) {
  const std::string o = tempFile(ours), b = tempFile(base), t = tempFile(theirs);
  std::string out;
  FILE* pipe = ::popen(("diff3 -m -E " + o + " " + b + " " + t).c_str(), "r");
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  for (const std::string& f : {o, b, t}) ::unlink(f.c_str());
  if (status != 0) return std::nullopt;
  return out;
}

std::string diffU(const std::string& before, const std::string& after) {
  char a[] = "/tmp/ifkit-diff-a-XXXXXX", b[] = "/tmp/ifkit-diff-b-XXXXXX";
  ::close(::mkstemp(a));
  ::close(::mkstemp(b));
  std::ofstream(a) << before;
  std::ofstream(b) << after;
  std::string out;
  FILE* pipe = ::popen(("diff -u " + std::string(a) + " " + b + " | tail -n +3").c_str(), "r");
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  ::pclose(pipe);
  ::unlink(a);
  ::unlink(b);
  return out;
}

TEST(LineDiff, HunksAsDiffPrintsThem) {
  std::string before;
  for (int i = 1; i <= 30; ++i) before += "line " + std::to_string(i) + "\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {before, before},
      {before, "new first\n" + before},
      {before, before.substr(0, before.find("line 5\n")) + before.substr(before.find("line 9\n"))},
      {before, before.substr(0, before.find("line 3\n")) + "three\n" +
                   before.substr(before.find("line 4\n"), before.find("line 25\n") -
                                                              before.find("line 4\n")) +
                   "twenty-five\n" + before.substr(before.find("line 26\n"))},
      {"a\nb\nc", "a\nb\nc\n"},
      {"", "only\n"},
      {"auto eth0\niface eth0 inet dhcp\n", "# iface eth0 inet: configured by ifkit\n"},
  };
  for (const auto& [a, b] : cases) EXPECT_EQ(unifiedDiff(a, b), diffU(a, b)) << a << "\n--\n" << b;
}

// Two interfaces cut out of one ifupdown file by two hand-overs, given back in either order; an
// administrator's line elsewhere kept; an edit of the lines ifkit wrote refused.
TEST(LineMerge, GivesBackOnlyItsOwnChangeAsDiff3Would) {
  const std::string original =
      "auto lo\niface lo inet loopback\n\n"
      "auto eth0\niface eth0 inet static\n    address 192.0.2.5/24\n\n"
      "auto eth1\niface eth1 inet dhcp\n";
  const std::string noEth0 =
      "auto lo\niface lo inet loopback\n\n"
      "# eth0: configured by ifkit\n\n"
      "auto eth1\niface eth1 inet dhcp\n";
  const std::string neither =
      "auto lo\niface lo inet loopback\n\n"
      "# eth0: configured by ifkit\n\n"
      "# eth1: configured by ifkit\n";
  const std::string noEth1 =
      "auto lo\niface lo inet loopback\n\n"
      "auto eth0\niface eth0 inet static\n    address 192.0.2.5/24\n\n"
      "# eth1: configured by ifkit\n";
  struct Case {
    std::string base, ours, theirs;
    std::optional<std::string> merged;
  };
  const std::vector<Case> cases = {
      // eth0's hand-over (original -> noEth0) given back after eth1's (noEth0 -> neither).
      {noEth0, neither, original, noEth1},
      // then eth1's, from what that left.
      {neither, noEth1, noEth0, original},
      // As ifkit left it: the before form.
      {noEth0, noEth0, original, original},
      // A line the administrator added at the end is kept.
      {noEth0, noEth0 + "# mine\n", original, original + "# mine\n"},
      // Already given back (both sides made the same change).
      {noEth0, original, original, original},
      // ifkit's comment line edited: refused.
      {noEth0, "auto lo\niface lo inet loopback\n\n# eth0: mine now\n\nauto eth1\n"
               "iface eth1 inet dhcp\n", original, std::nullopt},
      // A file without a newline at its end.
      {"a\nb\nc", "a\nb\nc\nd\n", "A\nb\nc", "A\nb\nc\nd\n"},
      {"a\nb\nc\nd", "a\nb\nc\nD", "A\nb\nc\nd", "A\nb\nc\nD"},
  };
  for (const Case& c : cases) {
    const auto merged = mergeLines(c.base, c.ours, c.theirs);
    EXPECT_EQ(merged, c.merged) << c.base << "\n--\n" << c.ours << "\n--\n" << c.theirs;
    const auto oracle = diff3Merge(c.base, c.ours, c.theirs);
    if (merged) {
      EXPECT_EQ(oracle, merged) << c.base << "\n--\n" << c.ours;
    }
    if (!oracle) {
      EXPECT_EQ(merged, std::nullopt);
    }
  }
}

}  // namespace
}  // namespace ifkit::native
