// SPDX-License-Identifier: LGPL-2.1-or-later
#include "networkmanager_in_netns.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "networkd_in_netns.h"

namespace ifkit::test {

RunningNetworkManager::RunningNetworkManager(const TestNetns& ns, const std::string& etcFolder,
                                             const std::string& stateFolder, std::string workDir)
    : ns_(ns), workDir_(std::move(workDir)) {
  std::filesystem::create_directories(stateFolder);
  busPid_ = startSystemBus(workDir_);
  // ip netns exec, unshare and sh each exec the next: the pid echoed is NetworkManager's.
  // --debug keeps it in the foreground, logging to its standard error. /run/NetworkManager, the
  // tmpfs's mount point, is made at boot by the package's tmpfiles.d entry: a machine that
  // installed the package since booting (a fresh CI machine) has none yet, so it is made here.
  auto started = runCommand(
      "ip netns exec " + ns.name() + " unshare -m -u --propagation private sh -c '" +
      "mount -o remount,ro /sys; mount --bind " + etcFolder + " /etc/NetworkManager && " +
      "mount --bind " + stateFolder + " /var/lib/NetworkManager && " +
      "mkdir -p /run/NetworkManager && mount -t tmpfs tmpfs /run/NetworkManager && " + "exec env " +
      busEnvironment() + " /usr/sbin/NetworkManager --debug' >" + workDir_ +
      "/networkmanager.log 2>&1 </dev/null" + " & echo $!");
  managerPid_ = std::atoi(started.output.c_str());
  EXPECT_GT(managerPid_, 0) << started.output;
  // Ready once it answers on the bus.
  for (int i = 0; i < 200 && nmcli("general status").exitCode != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

RunningNetworkManager::~RunningNetworkManager() {
  stopProcess(managerPid_);
  stopProcess(busPid_);
}

std::string RunningNetworkManager::busEnvironment() const {
  return "DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + workDir_ + "/bus";
}

CommandResult RunningNetworkManager::nmcli(const std::string& args) const {
  return runCommand("ip netns exec " + ns_.name() + " env " + busEnvironment() + " nmcli " + args +
                    " 2>&1");
}

std::map<std::string, std::string> RunningNetworkManager::deviceStates() const {
  std::map<std::string, std::string> states;
  std::istringstream lines(nmcli("-t -f DEVICE,STATE device").output);
  for (std::string line; std::getline(lines, line);)
    if (auto colon = line.find(':'); colon != std::string::npos)
      states[line.substr(0, colon)] = line.substr(colon + 1);
  return states;
}

bool RunningNetworkManager::waitForState(const std::string& device, const std::string& state,
                                         std::chrono::seconds limit) const {
  const auto end = std::chrono::steady_clock::now() + limit;
  do {
    if (deviceStates()[device] == state) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < end);
  return false;
}

std::string RunningNetworkManager::log() const {
  std::ifstream in(workDir_ + "/networkmanager.log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ifkit::test
