// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/test_netns.cpp: creating, using and deleting a test's own network namespace.
#include "test_netns.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace ifkit::test {

CommandResult runCommand(const std::string& command) {
  CommandResult r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void killProcessesIn(const std::string& netns) {
  std::istringstream pids(runCommand("ip netns pids " + netns).output);
  for (long pid = 0; pids >> pid;)
    if (pid > 1 && pid != ::getpid()) ::kill(static_cast<pid_t>(pid), SIGKILL);
}

void forgetRunStateOf(const std::string& netns) {
  struct stat st {};
  if (::stat(("/run/netns/" + netns).c_str(), &st) != 0) return;
  const std::string inode = std::to_string(st.st_ino);
  std::error_code ignored;  // best effort: what is not there needs no removing
  for (const char* folder : {"/run/ifkit/started/", "/run/ifkit/dhcp/"})
    std::filesystem::remove_all(std::string(folder).append(inode), ignored);
}

namespace {

std::string uniqueName() {
  // pid keeps parallel test processes apart; the counter, the namespaces of one process.
  static std::atomic<int> counter{0};
  return "ifkit-t-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

std::string mustRun(const std::string& command) {
  CommandResult r = runCommand(command);
  if (r.exitCode != 0)
    throw std::runtime_error("command failed (" + std::to_string(r.exitCode) + "): " + command +
                             "\n" + r.output);
  return r.output;
}

// A test process that crashed, was killed by a sanitizer or by CTest's timeout, never ran its
// destructors: its namespaces stay behind. The first namespace of every test process deletes
// those of processes that are gone (a live pid's are left alone, whoever it is now).
void deleteNamespacesOfDeadTestProcesses() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/run/netns", ec)) {
    const std::string name = entry.path().filename().string();
    int pid = 0, n = 0;
    if (std::sscanf(name.c_str(), "ifkit-t-%d-%d", &pid, &n) != 2 || pid <= 0) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;
    (void)runCommand("ip netns del " + name);
  }
}

}  // namespace

TestNetns::TestNetns() : name_(uniqueName()) {
  static std::once_flag swept;
  std::call_once(swept, deleteNamespacesOfDeadTestProcesses);
  mustRun("ip netns add " + name_);
}

TestNetns::~TestNetns() {
  killProcessesIn(name_);
  forgetRunStateOf(name_);
  // Deleting the namespace deletes every link in it at once, far faster than link by link.
  CommandResult r = runCommand("ip netns del " + name_);
  if (r.exitCode != 0)
    std::fprintf(stderr, "cannot delete netns %s: %s", name_.c_str(), r.output.c_str());
}

void TestNetns::makeAnew() const {
  killProcessesIn(name_);
  forgetRunStateOf(name_);
  mustRun("ip netns del " + name_);
  mustRun("ip netns add " + name_);
}

std::string TestNetns::ip(const std::string& args) const {
  return mustRun("ip -n " + name_ + " " + args);
}

Json TestNetns::ipJson(const std::string& args) const {
  // stderr is merged into the output by runCommand; ip -j writes nothing there on success.
  return Json::parse(mustRun("ip -n " + name_ + " -j " + args));
}

std::string TestNetns::exec(const std::string& command) const {
  return mustRun("ip netns exec " + name_ + " " + command);
}

std::string TestNetns::readFileInside(const std::string& path) const {
  std::string s = exec("cat " + path);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

host::nl::NetlinkHost TestNetns::openHost() const {
  auto ns = host::nl::Netns::openByName(name_);
  if (!ns) throw std::runtime_error(ns.error().message);
  auto h = host::nl::NetlinkHost::open(std::move(*ns));
  if (!h) throw std::runtime_error(h.error().message);
  return std::move(*h);
}

}  // namespace ifkit::test
