// SPDX-License-Identifier: LGPL-2.1-or-later
#include "networkd_in_netns.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace ifkit::test {

namespace {

// networkd's start in the namespace, as the recipe has it, `run` (timeout, env) in front of it.
// `runFolder` (if not empty) is bound over /run/systemd instead of a tmpfs, for the test to read
// networkd's state (its DHCP leases) there.
std::string networkdCommand(const TestNetns& ns, const std::string& networkFolder,
                            const std::string& run, const std::string& runtimeFolder = "",
                            const std::string& runFolder = "") {
  return "ip netns exec " + ns.name() + " unshare -m --propagation private sh -c '" +
         (runFolder.empty() ? std::string("mount -t tmpfs tmpfs /run/systemd && ")
                            : "mount --bind " + runFolder + " /run/systemd && ") +
         "mkdir -p /run/systemd/netif/links /run/systemd/netif/leases /run/systemd/netif/lldp && " +
         "chown -R systemd-network:systemd-network /run/systemd/netif && " +
         "mount -o remount,ro /sys; mount --bind " + networkFolder + " /etc/systemd/network && " +
         (runtimeFolder.empty() ? std::string()
                                : "mkdir -p /run/systemd/network && mount --bind " + runtimeFolder +
                                      " /run/systemd/network && ") +
         "exec " + run + " /lib/systemd/systemd-networkd'";
}

// A system bus that lets root own and call anything: networkd's name and networkctl's calls.
const char* kBusConfig =
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig><type>system</type><listen>unix:path=SOCKET</listen><auth>EXTERNAL</auth>\n"
    "<policy context=\"default\"><allow user=\"*\"/><allow own=\"*\"/>"
    "<allow send_destination=\"*\"/><allow receive_sender=\"*\"/></policy></busconfig>\n";

}  // namespace

void stopProcess(int pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGTERM);
  struct stat st {};
  for (int i = 0; i < 250 && ::stat(("/proc/" + std::to_string(pid)).c_str(), &st) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

int startSystemBus(const std::string& workDir) {
  std::string config = kBusConfig;
  config.replace(config.find("SOCKET"), 6, workDir + "/bus");
  std::ofstream(workDir + "/bus.conf") << config;
  auto bus = runCommand("dbus-daemon --config-file=" + workDir + "/bus.conf --fork --print-pid");
  const int pid = std::atoi(bus.output.c_str());
  EXPECT_GT(pid, 0) << bus.output;
  return pid;
}

void runNetworkdFor(const TestNetns& ns, const std::string& networkFolder, int seconds,
                    const std::string& runtimeFolder) {
  auto r = runCommand(
      networkdCommand(ns, networkFolder, "timeout " + std::to_string(seconds), runtimeFolder) +
      " 2>&1");
  // timeout ends it: status 124 is the expected end.
  EXPECT_EQ(r.exitCode, 124) << r.output;
}

RunningNetworkd::RunningNetworkd(const TestNetns& ns, const std::string& networkFolder,
                                 std::string workDir, const std::string& runFolder)
    : workDir_(std::move(workDir)) {
  busPid_ = startSystemBus(workDir_);
  // ip netns exec, unshare and sh each exec the next: the pid echoed is networkd's.
  auto started = runCommand(
                            networkdCommand(ns, networkFolder,
                                            "env SYSTEMD_LOG_LEVEL=info " + busEnvironment(),
                                            "", runFolder) +
                            " >" + workDir_ + "/networkd.log 2>&1 </dev/null & echo $!");
  networkdPid_ = std::atoi(started.output.c_str());
  EXPECT_GT(networkdPid_, 0) << started.output;
}

RunningNetworkd::~RunningNetworkd() {
  stopProcess(networkdPid_);
  stopProcess(busPid_);
}

std::string RunningNetworkd::busEnvironment() const {
  return "DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + workDir_ + "/bus";
}

std::string RunningNetworkd::log() const {
  std::ifstream in(workDir_ + "/networkd.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool RunningNetworkd::logged(const std::string& text, std::chrono::seconds limit,
                             int times) const {
  const auto end = std::chrono::steady_clock::now() + limit;
  do {
    std::ifstream in(workDir_ + "/networkd.log");
    int seen = 0;
    for (std::string line; std::getline(in, line);)
      if (line.find(text) != std::string::npos && ++seen == times) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < end);
  return false;
}

}  // namespace ifkit::test
