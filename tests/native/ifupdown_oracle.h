// SPDX-License-Identifier: LGPL-2.1-or-later
// ifupdown's own programs on a root's files, without touching the host's: the root's
// etc/network is bind-mounted over /etc/network in a private mount namespace, and a fresh
// network namespace keeps ifquery's patterns from matching the host's links.
#pragma once

#include <cstdio>
#include <string>

namespace ifkit::native::ifupdown::test {

// Runs a shell command, returns its standard output.
inline std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  ::pclose(pipe);
  return output;
}

inline std::string ifquery(const std::string& root, const std::string& arguments) {
  return run("unshare -m -n --propagation private sh -c 'mount --bind " + root +
             "/etc/network /etc/network && exec ifquery " + arguments + "' 2>/dev/null");
}

}  // namespace ifkit::native::ifupdown::test
