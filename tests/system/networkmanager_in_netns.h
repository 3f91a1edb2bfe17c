// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/networkmanager_in_netns.h: NetworkManager, run for real inside a test's namespace.
//
// As notes/real-hosts.md does for networkd: in a private mount (and UTS) namespace, /sys
// read-only (so it does not wait for udev), the test root's etc/NetworkManager bound over
// /etc/NetworkManager (ifkit's root= and NetworkManager read the same files; the machine's own
// /etc is never read or written), a folder of the test's over /var/lib/NetworkManager, a
// tmpfs over /run/NetworkManager; a system bus of its own (startSystemBus), which nmcli reaches
// through busEnvironment(). Without systemd as PID 1 or polkit: root's calls are allowed.
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "test_netns.h"

namespace ifkit::test {

class RunningNetworkManager {
 public:
  // Starts NetworkManager in `ns` on the configuration folder `etcFolder` and the state folder
  // `stateFolder` (its /var/lib/NetworkManager: leases, made if missing); its log
  // (networkmanager.log) goes to `workDir`, which must exist.
  RunningNetworkManager(const TestNetns& ns, const std::string& etcFolder,
                        const std::string& stateFolder, std::string workDir);
  ~RunningNetworkManager();
  RunningNetworkManager(const RunningNetworkManager&) = delete;
  RunningNetworkManager& operator=(const RunningNetworkManager&) = delete;

  // "DBUS_SYSTEM_BUS_ADDRESS=unix:path=...", for a shell command's front.
  std::string busEnvironment() const;
  // nmcli's output (and its status) run in the namespace with `args`.
  CommandResult nmcli(const std::string& args) const;
  // `nmcli -t -f DEVICE,STATE device`: each device's state ("connected", "unmanaged", ...).
  std::map<std::string, std::string> deviceStates() const;
  // Whether `device` reaches `state` within `limit`.
  bool waitForState(const std::string& device, const std::string& state,
                    std::chrono::seconds limit) const;
  // What it logged so far (for a failure's message).
  std::string log() const;

 private:
  const TestNetns& ns_;
  std::string workDir_;
  int busPid_ = -1;
  int managerPid_ = -1;
};

}  // namespace ifkit::test
