// SPDX-License-Identifier: LGPL-2.1-or-later
// unifiedDiff against diff(1) itself: the same hunks, byte for byte, without the file headers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "native/line_diff.h"

namespace ifkit::native {
namespace {

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

}  // namespace
}  // namespace ifkit::native
