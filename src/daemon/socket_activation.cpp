// SPDX-License-Identifier: LGPL-2.1-or-later
// Reading LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES.
#include "daemon/socket_activation.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>
#include <vector>

namespace ifkit::daemon {
namespace {

constexpr int kFirstListenFd = 3;  // SD_LISTEN_FDS_START

std::vector<std::string> splitNames(const char* names) {
  std::vector<std::string> out;
  if (names == nullptr) return out;
  std::string_view rest(names);
  while (true) {
    const auto colon = rest.find(':');
    out.emplace_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return out;
}

}  // namespace

std::map<std::string, int> takeActivationSockets() {
  std::map<std::string, int> sockets;
  const char* pid = std::getenv("LISTEN_PID");
  const char* count = std::getenv("LISTEN_FDS");
  if (pid == nullptr || count == nullptr || std::atol(pid) != static_cast<long>(::getpid()))
    return sockets;
  const int n = std::atoi(count);
  const std::vector<std::string> names = splitNames(std::getenv("LISTEN_FDNAMES"));
  for (int i = 0; i < n; ++i) {
    const int fd = kFirstListenFd + i;
    (void)::fcntl(fd, F_SETFD, FD_CLOEXEC);  // ours alone, not our children's
    sockets[i < static_cast<int>(names.size()) ? names[i] : "unknown"] = fd;
  }
  ::unsetenv("LISTEN_PID");
  ::unsetenv("LISTEN_FDS");
  ::unsetenv("LISTEN_FDNAMES");
  return sockets;
}

}  // namespace ifkit::daemon
