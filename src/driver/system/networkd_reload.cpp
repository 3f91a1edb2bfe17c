// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/system/networkd_reload.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "util/unique_fd.h"

extern char** environ;

namespace ifkit::driver {
namespace {

bool sameFile(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Whether systemd runs networkd's unit: its cgroup has a process. Readable where /proc hides
// other users' processes (ProtectProc=invisible in ifkit's units; networkd runs as
// systemd-network).
bool networkdUnitRuns() {
  for (const char* procs : {"/sys/fs/cgroup/system.slice/systemd-networkd.service/cgroup.procs",
                            "/sys/fs/cgroup/systemd/system.slice/systemd-networkd.service/tasks"}) {
    UniqueFd fd(::open(procs, O_RDONLY | O_CLOEXEC));
    char byte = 0;
    if (fd.valid() && ::read(fd.get(), &byte, 1) == 1) return true;
  }
  return false;
}

}  // namespace

bool networkdRunsIn(int netnsFd) {
  struct stat target {}, own {};
  if (::fstat(netnsFd, &target) != 0) return false;
  // The host's own namespace: the unit says it.
  if (::stat("/proc/self/ns/net", &own) == 0 && sameFile(target, own) && networkdUnitRuns())
    return true;
  DIR* proc = ::opendir("/proc");
  if (!proc) return false;
  bool found = false;
  while (const dirent* entry = ::readdir(proc)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    const std::string dir = std::string("/proc/") + entry->d_name;
    char comm[32] = {};
    UniqueFd commFd(::open((dir + "/comm").c_str(), O_RDONLY | O_CLOEXEC));
    if (!commFd.valid() || ::read(commFd.get(), comm, sizeof comm - 1) <= 0) continue;
    // The kernel keeps 15 characters of a command's name.
    if (std::strcmp(comm, "systemd-network\n") != 0) continue;
    struct stat ns {};
    if (::stat((dir + "/ns/net").c_str(), &ns) == 0 && sameFile(ns, target)) {
      found = true;
      break;
    }
  }
  ::closedir(proc);
  return found;
}


Status rereadNetworkd(int netnsFd) {
  if (!networkdRunsIn(netnsFd)) return {};
  struct stat target {}, own {};
  const bool enter = !(::fstat(netnsFd, &target) == 0 && ::stat("/proc/self/ns/net", &own) == 0 &&
                       sameFile(target, own));
  const pid_t child = ::fork();
  if (child < 0)
    return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                     std::string("cannot run networkctl reload: ") + std::strerror(errno));
  if (child == 0) {
    // Only async-signal-safe calls: into the namespace, quiet, then networkctl (which finds
    // networkd on the system bus, DBUS_SYSTEM_BUS_ADDRESS included).
    if (enter && ::setns(netnsFd, CLONE_NEWNET) != 0) ::_exit(126);
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    char* argv[] = {const_cast<char*>("networkctl"), const_cast<char*>("reload"), nullptr};
    ::execve("/usr/bin/networkctl", argv, environ);
    ::execve("/bin/networkctl", argv, environ);
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                   "systemd-networkd runs but 'networkctl reload' failed (" +
                       (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                          : std::string("killed")) +
                       "): it reads ifkit's files only when it restarts");
}

}  // namespace ifkit::driver
