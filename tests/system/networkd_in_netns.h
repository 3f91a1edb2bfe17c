// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/networkd_in_netns.h: systemd-networkd, run for real inside a test's namespace.
//
// As notes/real-hosts.md describes: in a private mount namespace, /run/systemd a tmpfs with
// netif/ owned by systemd-network, /sys read-only (so it does not wait for udev), the test's
// folder bound over /etc/systemd/network (the host's own /etc is never read or written);
// without systemd as PID 1.
#pragma once

#include <chrono>
#include <string>

#include "test_netns.h"

namespace ifkit::test {

// networkd's boot step: it configures the namespace's links from `networkFolder` (and
// `runtimeFolder`, bound over /run/systemd/network, where netplan writes, if not empty) and is
// stopped after `seconds` (it configures matching links within a second). What it configured
// stays.
void runNetworkdFor(const TestNetns& ns, const std::string& networkFolder, int seconds = 4,
                    const std::string& runtimeFolder = "");

// A system bus of a test's own, for a manager and its command-line tool: a dbus-daemon whose
// socket is workDir/bus, on which root may own and call anything. Returns its pid.
int startSystemBus(const std::string& workDir);
// Ends a process the test started (SIGTERM) and waits for it to go.
void stopProcess(int pid);

// networkd running as on a host, until the object goes: with a system bus of its own (a
// dbus-daemon whose socket is in `workDir`) so that `networkctl` can reach it; a program that
// should reach it gets busEnvironment() in its environment. networkd logs to workDir/networkd.log.
// `runFolder`, if given, is its /run/systemd (else a tmpfs): where a test reads its leases.
class RunningNetworkd {
 public:
  RunningNetworkd(const TestNetns& ns, const std::string& networkFolder, std::string workDir,
                  const std::string& runFolder = "");
  ~RunningNetworkd();
  RunningNetworkd(const RunningNetworkd&) = delete;
  RunningNetworkd& operator=(const RunningNetworkd&) = delete;

  // "DBUS_SYSTEM_BUS_ADDRESS=unix:path=...", for a shell command's front.
  std::string busEnvironment() const;
  // Whether networkd has logged `times` lines containing `text`, waiting up to `limit` for them.
  bool logged(const std::string& text, std::chrono::seconds limit, int times = 1) const;
  // What it logged so far (for a failure's message).
  std::string log() const;

 private:
  std::string workDir_;
  int busPid_ = -1;
  int networkdPid_ = -1;
};

}  // namespace ifkit::test
