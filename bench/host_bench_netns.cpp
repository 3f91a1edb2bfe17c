// SPDX-License-Identifier: LGPL-2.1-or-later
// bench/host_bench_netns.cpp: making, filling and deleting the benchmarks' namespaces.
#include "host_bench_netns.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "host/netlink/netlink_host.h"

namespace ifkit::bench {

int runQuiet(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

namespace {

std::string uniqueName() {
  static std::atomic<int> counter{0};  // with the pid: unique among concurrent runs
  return "ifkit-b-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

BenchNetns::BenchNetns() : name_(uniqueName()) {
  if (runQuiet({"ip", "netns", "add", name_}) != 0) {
    std::fprintf(stderr, "host bench: cannot create network namespace %s (root needed)\n",
                 name_.c_str());
    std::exit(1);
  }
}

BenchNetns::~BenchNetns() {
  // One request deletes the whole group at once (a single unregister batch), and returns when
  // it is done; best effort both: a leftover is only clutter.
  (void)runQuiet({"ip", "-n", name_, "link", "del", "group", std::to_string(kBenchGroup)});
  // What ifkit recorded about this namespace goes with it, as a reboot clears /run on a host:
  // else the next namespace to get this inode would delete a thousand stale records while timed.
  struct stat st {};
  if (::stat(("/run/netns/" + name_).c_str(), &st) == 0) {
    std::error_code ignored;
    for (const char* dir : {"/run/ifkit/started/", "/run/ifkit/dhcp/"})
      std::filesystem::remove_all(dir + std::to_string(st.st_ino), ignored);
  }
  (void)runQuiet({"ip", "netns", "del", name_});
}

void BenchNetns::waitUntilQuiet(int quietMs) const {
  auto host = host::nl::NetlinkHost::open(host::nl::Netns::openByName(name_).value());
  if (!host) return;
  auto last = host->view();
  for (int waited = 0; last && waited < 60000; waited += quietMs) {
    ::usleep(static_cast<useconds_t>(quietMs) * 1000);
    auto now = host->view();
    if (!now || *now == *last) return;  // the same picture: nothing was announced meanwhile
    last = std::move(now);
  }
}

void BenchNetns::joinBenchGroup(const std::vector<std::string>& names) const {
  std::string commands;
  for (const std::string& n : names)
    commands += "link set dev " + n + " group " + std::to_string(kBenchGroup) + "\n";
  ipBatch(commands);
}

int BenchNetns::runIpBatch(const std::string& commands) const {
  std::string path = "/tmp/" + name_ + ".batch";
  std::ofstream(path) << commands;
  int rc = runQuiet({"ip", "-n", name_, "-batch", path});
  ::unlink(path.c_str());
  return rc;
}

void BenchNetns::ipBatch(const std::string& commands) const {
  if (runIpBatch(commands) != 0) {
    std::fprintf(stderr, "host bench: ip -batch failed in %s\n", name_.c_str());
    std::exit(1);
  }
}

const BenchNetns& sharedBridgesNetns(int n) {
  static std::map<int, std::unique_ptr<BenchNetns>> byN;  // destroyed at exit: deletes them
  auto& ns = byN[n];
  if (!ns) {
    ns = std::make_unique<BenchNetns>();
    ns->ipBatch(bridgesWithPortsBatch(n));
    ns->waitUntilQuiet();
  }
  return *ns;
}

std::string benchAddress(int i) {
  return "10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1/24";
}

std::string benchPeerAddress(int i) {
  return "10." + std::to_string(128 + i / 250) + "." + std::to_string(i % 250) + ".2/24";
}

std::string keepStartRecordsOnTmpfs() {
  struct statfs run {};
  if (::statfs("/run", &run) == 0 && run.f_type == TMPFS_MAGIC) return "/run is a tmpfs";
  if (std::getenv("IFKIT_BENCH_RUN_AS_IS") != nullptr) return "/run as it is (not a tmpfs)";
  if (::unshare(CLONE_NEWNS) != 0 ||
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
      (::mkdir("/run/ifkit", 0755) != 0 && errno != EEXIST) ||
      ::mount("tmpfs", "/run/ifkit", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
    return std::string("/run as it is (no private tmpfs: ") + std::strerror(errno) + ")";
  return "/run/ifkit on a private tmpfs, as on a systemd host (IFKIT_BENCH_RUN_AS_IS=1: as is)";
}

std::string bridgesWithPortsBatch(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    const std::string number = std::to_string(i);
    std::string br = std::string("br").append(number), v = std::string("v").append(number),
                p = std::string("p").append(number);
    std::string group = " group " + std::to_string(kBenchGroup);
    s += "link add " + br + group + " type bridge\n";
    s += "link add " + v + group + " type veth peer name " + p + group + "\n";
    s += "link set " + v + " master " + br + "\n";
    s += "addr add " + benchAddress(i) + " dev " + br + "\n";
    s += "addr add " + benchPeerAddress(i) + " dev " + p + "\n";
    s += "link set " + br + " up\nlink set " + v + " up\nlink set " + p + " up\n";
  }
  return s;
}

}  // namespace ifkit::bench
