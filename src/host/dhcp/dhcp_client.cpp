// SPDX-License-Identifier: LGPL-2.1-or-later
// Starting, stopping and finding udhcpc processes inside a namespace.
#include "host/dhcp/dhcp_client.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "host/answer_freshness.h"
#include "host/dhcp/dhcp_hook.h"
#include "host/host_error.h"
#include "util/atomic_file.h"
#include "util/system_error.h"
#include "util/unique_fd.h"

namespace ifkit::host {
namespace {

constexpr const char* kBusybox = "/bin/busybox";
// Tries before start() returns and the client goes on in the background: 4 discovers 1 s apart.
constexpr const char* kDiscoverTries = "4";
constexpr const char* kDiscoverPause = "1";

// The first line of a small file ifkit's hook or udhcpc wrote (a pid, a lease), "" when there
// is none. A plain open and read, not a stream: every live XML asks for its link's pid file, which
// mostly does not exist, and a stream's buffer and locale would cost more than the failed open.
std::string readFirstLine(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return {};
  std::string text;
  char buffer[512];
  while (text.size() < 4096) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.find('\n') != std::string::npos) break;
  }
  return text.substr(0, text.find('\n'));
}

Error dhcpError(const std::string& what, int err) {
  return hostError(what, err);
}

// Whether `pid` is our client for `interface`: a pid file may be stale, and a pid reused.
bool isClientOf(pid_t pid, const std::string& interface) {
  std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  const std::string args(std::istreambuf_iterator<char>(cmdline), {});
  return args.find("udhcpc") != std::string::npos &&
         args.find(std::string("\0-i\0", 4) + interface + std::string("\0", 1)) !=
             std::string::npos;
}

// Whether the calling thread is in the namespace `nsFd` names.
bool callerIsIn(int nsFd) {
  struct stat target {}, own {};
  return ::fstat(nsFd, &target) == 0 && ::stat("/proc/thread-self/ns/net", &own) == 0 &&
         target.st_dev == own.st_dev && target.st_ino == own.st_ino;
}

}  // namespace

DhcpClients::DhcpClients(const nl::Netns& netns, std::string runDirectory) : netnsFd_(netns.fd()) {
  struct stat st {};
  const auto id = ::fstat(netnsFd_, &st) == 0 ? std::to_string(st.st_ino) : std::string("unknown");
  directory_ = std::move(runDirectory) + "/" + id;
}

std::string DhcpClients::pathFor(const std::string& interface, const char* suffix) const {
  return directory_ + "/" + interface + suffix;
}

Status DhcpClients::prepare() const {
  // Each level made with mode 0700: the hook is run as root, nobody else may write it.
  std::string path;
  std::istringstream parts(directory_);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty()) continue;
    path += "/" + part;
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
      return systemError(errno, "cannot create '" + path + "'", ErrorDomain::Interface);
  }
  UniqueFd dir(::open(directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return systemError(errno, "cannot open '" + directory_ + "'", ErrorDomain::Interface);
  if (Status st = writeFileAtomically(dir.get(), "hook", kDhcpHookScript); !st) return st;
  if (::chmod((directory_ + "/hook").c_str(), 0700) != 0)
    return systemError(errno, "cannot make the DHCP hook executable", ErrorDomain::Interface);
  return Status();
}

bool DhcpClients::mayHavePidFile(const std::string& interface) const {
  std::lock_guard lock(pidFilesMutex_);
  if (!freshEnough(pidFilesLooked_)) {
    pidFiles_.clear();
    // A folder that is not there (no client ever ran in this namespace) holds no pid file.
    if (DIR* dir = ::opendir(directory_.c_str())) {
      while (const dirent* entry = ::readdir(dir)) {
        const std::string_view name(entry->d_name);
        if (name.size() > 4 && name.substr(name.size() - 4) == ".pid")
          pidFiles_.emplace(name.substr(0, name.size() - 4));
      }
      ::closedir(dir);
    }
    pidFilesLooked_ = std::chrono::steady_clock::now();
  }
  return pidFiles_.find(interface) != pidFiles_.end();
}

void DhcpClients::forgetPidFiles() const {
  std::lock_guard lock(pidFilesMutex_);
  pidFilesLooked_ = {};
}

std::optional<pid_t> DhcpClients::runningPid(const std::string& interface) const {
  if (!mayHavePidFile(interface)) return std::nullopt;
  const std::string pidText = readFirstLine(pathFor(interface, ".pid"));
  if (pidText.empty()) return std::nullopt;
  const pid_t pid = static_cast<pid_t>(std::atol(pidText.c_str()));
  if (pid <= 0) return std::nullopt;
  if (!isClientOf(pid, interface)) return std::nullopt;
  return pid;
}

bool DhcpClients::isRunning(const std::string& interface) const {
  return runningPid(interface).has_value();
}

std::optional<std::string> DhcpClients::leasedAddress(const std::string& interface) const {
  std::istringstream line(readFirstLine(pathFor(interface, ".lease")));
  std::string address;
  if (line >> address) return address;
  return std::nullopt;
}

namespace {

// udhcpc's arguments: its interface, files and timing, and the identity it presents.
std::vector<std::string> clientArguments(const std::string& interface, const std::string& pidFile,
                                         const std::string& hook,
                                         const std::optional<DhcpIdentity>& identity) {
  std::vector<std::string> args = {"udhcpc", "-i", interface, "-p", pidFile, "-s", hook, "-b",
                                   "-R", "-t", kDiscoverTries, "-T", kDiscoverPause, "-A", "3"};
  if (identity) {
    // -C: not the MAC; -x 0x3d: the identifier given (udhcpc sends it instead of its own).
    args.push_back("-C");
    if (!identity->clientId.empty()) {
      args.push_back("-x");
      args.push_back("0x3d:" + identity->clientId);
    }
    if (!identity->address.empty()) {
      args.push_back("-r");
      args.push_back(identity->address);
    }
  }
  return args;
}

}  // namespace

Status DhcpClients::start(const std::string& interface,
                          const std::optional<DhcpIdentity>& identity) {
  forgetPidFiles();  // what this start and its waits look for is the folder as it is now
  if (isRunning(interface)) return Status();  // one client per interface
  if (Status st = prepare(); !st) return st;
  const std::string pidFile = pathFor(interface, ".pid");
  const std::string hook = directory_ + "/hook";
  const std::string state = "IFKIT_DHCP_STATE=" + pathFor(interface, ".lease");
  const std::string log = pathFor(interface, ".log");
  // Made before the fork: the child may only make async-signal-safe calls.
  const std::vector<std::string> args = clientArguments(interface, pidFile, hook, identity);
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  // No setns() into the namespace the caller is in already: it would need CAP_SYS_ADMIN, which
  // ifkitd.service does not have.
  const bool enter = !callerIsIn(netnsFd_);
  const pid_t child = ::fork();
  if (child < 0) return dhcpError("start the DHCP client on '" + interface + "'", errno);
  if (child == 0) {
    // Only async-signal-safe calls from here on: enter the namespace, then become udhcpc, which
    // forks into the background once it has a lease (or has tried kDiscoverTries times).
    if (enter && ::setns(netnsFd_, CLONE_NEWNET) != 0) ::_exit(126);
    // The signal mask survives exec, and the caller's thread may block everything (ifkitd's
    // worker threads do: Asio starts them so): udhcpc must hear SIGTERM (release), SIGUSR1
    // (renew) and SIGUSR2, or a stop waits and kills it without a release.
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // udhcpc's messages go to its log beside the lease, not to the caller's terminal.
    const int logFd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (logFd >= 0) {
      ::dup2(logFd, STDOUT_FILENO);
      ::dup2(logFd, STDERR_FILENO);
    }
    char* const env[] = {const_cast<char*>("PATH=/usr/sbin:/usr/bin:/sbin:/bin"),
                         const_cast<char*>(state.c_str()), nullptr};
    ::execve(kBusybox, argv.data(), env);
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return dhcpError("start the DHCP client on '" + interface + "'",
                     WIFEXITED(status) && WEXITSTATUS(status) == 127 ? ENOENT : EIO);
  // udhcpc writes its pid file as it goes into the background; give it a moment.
  for (int i = 0; i < 50 && !isRunning(interface); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (!isRunning(interface))
    return dhcpError("start the DHCP client on '" + interface + "'", ESRCH);
  return Status();
}

Status DhcpClients::stop(const std::string& interface, bool release) {
  forgetPidFiles();
  auto pid = runningPid(interface);
  if (!pid) return Status();
  if (!release) {
    // SIGKILL: udhcpc releases on SIGTERM (-R) and runs its hook on every other way out. The
    // lease's record goes too: the address is the new master's client's to renew now, and a
    // later client here must not "drop the previous lease" that it would find in it.
    if (::kill(*pid, SIGKILL) != 0 && errno != ESRCH)
      return dhcpError("stop the DHCP client on '" + interface + "'", errno);
    for (int i = 0; i < 150 && isClientOf(*pid, interface); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    (void)::unlink(pathFor(interface, ".pid").c_str());
    (void)::unlink(pathFor(interface, ".lease").c_str());
    return Status();
  }
  // -R makes udhcpc release the lease on SIGTERM; its hook then drops the address.
  if (::kill(*pid, SIGTERM) != 0 && errno != ESRCH)
    return dhcpError("stop the DHCP client on '" + interface + "'", errno);
  // Until the process is gone, not only its pid file: udhcpc removes the file on its way out,
  // and under load it may still be there a while after.
  for (int i = 0; i < 150 && isClientOf(*pid, interface); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (isClientOf(*pid, interface)) {
    (void)::kill(*pid, SIGKILL);  // it would not go: make sure it does
  }
  (void)::unlink(pathFor(interface, ".pid").c_str());  // best effort: stale files are harmless
  return Status();
}

}  // namespace ifkit::host
