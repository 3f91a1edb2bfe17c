// SPDX-License-Identifier: LGPL-2.1-or-later
// A double fork into the background, then a sleep and one call.
#include "rollback_watchdog.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <climits>
#include <string>

namespace ifkit::cli {

bool startRollbackWatchdog(const std::string& uri, unsigned seconds) {
  // The program to run again, resolved now: /proc/self/exe means another program after exec.
  char self[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return false;
  self[n] = '\0';

  const pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) {
    // First child: a new session, then a grandchild that no terminal or parent waits for.
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    const int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, STDIN_FILENO);
      ::dup2(devnull, STDOUT_FILENO);
      ::dup2(devnull, STDERR_FILENO);
    }
    // A little past the deadline, which the driver recorded a moment before this started.
    timespec wait{static_cast<time_t>(seconds), 300 * 1000 * 1000};
    while (::nanosleep(&wait, &wait) != 0) {
    }
    // Any call will do: the driver rolls an expired transaction back before answering it.
    ::execl(self, "ifkit", "-q", "-c", uri.c_str(), "iface-list", "--all",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace ifkit::cli
