// SPDX-License-Identifier: LGPL-2.1-or-later
#include "driver/system/manager_process.h"

#include <dirent.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "util/unique_fd.h"

extern char** environ;

namespace ifkit::driver {
namespace {

// The child's exit status when the link it was to run for is not there.
constexpr int kNoSuchLink = 125;

bool sameFile(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

bool isOwnNamespace(int netnsFd) {
  struct stat target {
  }, own{};
  return ::fstat(netnsFd, &target) == 0 && ::stat("/proc/self/ns/net", &own) == 0 &&
         sameFile(target, own);
}

bool unitRuns(const char* unit) {
  for (const std::string& procs :
       {std::string("/sys/fs/cgroup/system.slice/").append(unit).append("/cgroup.procs"),
        std::string("/sys/fs/cgroup/systemd/system.slice/").append(unit).append("/tasks")}) {
    UniqueFd fd(::open(procs.c_str(), O_RDONLY | O_CLOEXEC));
    char byte = 0;
    if (fd.valid() && ::read(fd.get(), &byte, 1) == 1) return true;
  }
  return false;
}

// In the child: the link's flags (SIOCGIFFLAGS) in the namespace it is in; -1 when there is no
// such link, -2 when that cannot be told. Plain system calls only.
int linkFlags(const char* name) {
  struct ifreq request {};
  std::size_t length = std::strlen(name);
  if (length == 0 || length >= IFNAMSIZ) return -1;
  std::memcpy(request.ifr_name, name, length);
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -2;
  int flags = -2;
  if (::ioctl(fd, SIOCGIFFLAGS, &request) == 0)
    flags = request.ifr_flags & 0xffff;
  else if (errno == ENODEV)
    flags = -1;
  ::close(fd);
  return flags;
}

// Whether the link is there; when that cannot be told, the tool run for it says.
bool linkExists(const char* name) { return linkFlags(name) != -1; }

int waitFor(pid_t child) {
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string commandLine(const std::vector<std::string>& argv) {
  std::string text;
  for (const std::string& word : argv) text.append(text.empty() ? "" : " ").append(word);
  return text;
}

}  // namespace

bool managerRunsIn(int netnsFd, const ManagerProcess& manager) {
  struct stat target {};
  if (::fstat(netnsFd, &target) != 0) return false;
  if (isOwnNamespace(netnsFd) && unitRuns(manager.unit)) return true;
  DIR* proc = ::opendir("/proc");
  if (!proc) return false;
  const std::string wanted = std::string(manager.comm).append("\n");
  bool found = false;
  while (const dirent* entry = ::readdir(proc)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    const std::string dir = std::string("/proc/").append(entry->d_name);
    char comm[32] = {};
    UniqueFd commFd(::open((dir + "/comm").c_str(), O_RDONLY | O_CLOEXEC));
    if (!commFd.valid() || ::read(commFd.get(), comm, sizeof comm - 1) <= 0) continue;
    if (wanted != comm) continue;
    struct stat ns {};
    if (::stat((dir + "/ns/net").c_str(), &ns) == 0 && sameFile(ns, target)) {
      found = true;
      break;
    }
  }
  ::closedir(proc);
  return found;
}

Status runInNetns(int netnsFd, const std::vector<std::string>& argv,
                  const std::string& onlyIfLink) {
  // Everything the child needs is made before the fork: it may not allocate.
  const bool enter = !isOwnNamespace(netnsFd);
  std::vector<char*> args;
  for (const std::string& word : argv) args.push_back(const_cast<char*>(word.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> paths;
  for (const char* folder : {"/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/"})
    paths.push_back(std::string(folder).append(argv.front()));
  const pid_t child = ::fork();
  if (child < 0)
    return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface,
                     std::string("cannot run '")
                         .append(commandLine(argv))
                         .append("': ")
                         .append(std::strerror(errno)));
  if (child == 0) {
    if (enter && ::setns(netnsFd, CLONE_NEWNET) != 0) ::_exit(126);
    if (!onlyIfLink.empty() && !linkExists(onlyIfLink.c_str())) ::_exit(kNoSuchLink);
    const int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
    }
    for (const std::string& path : paths) ::execve(path.c_str(), args.data(), environ);
    ::_exit(127);
  }
  const int status = waitFor(child);
  if (WIFEXITED(status) &&
      (WEXITSTATUS(status) == 0 || (WEXITSTATUS(status) == kNoSuchLink && !onlyIfLink.empty())))
    return {};
  // Appended rather than added up: GCC 12 at -O3 misreads `"lit" + std::string` (-Wrestrict).
  std::string message("'");
  message.append(commandLine(argv)).append("' failed (");
  if (WIFEXITED(status))
    message.append("exit status ").append(std::to_string(WEXITSTATUS(status)));
  else
    message.append("killed");
  return makeError(ErrorNumber::OperationFailed, ErrorDomain::Interface, message.append(")"));
}

bool linkIsUp(int netnsFd, const std::string& name) {
  if (isOwnNamespace(netnsFd)) {
    const int flags = linkFlags(name.c_str());
    return flags >= 0 && (flags & IFF_UP) != 0;
  }
  const pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) {
    if (::setns(netnsFd, CLONE_NEWNET) != 0) ::_exit(2);
    const int flags = linkFlags(name.c_str());
    ::_exit(flags >= 0 && (flags & IFF_UP) != 0 ? 0 : 1);
  }
  const int status = waitFor(child);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace ifkit::driver
