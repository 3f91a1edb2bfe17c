// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/host/test_netns.h: a fresh network namespace per test, driven and read through `ip`.
//
//   TestNetns ns;                                   // "ifkit-t-<pid>-<n>", deleted by ~TestNetns
//                                                   // (or by a later test run, if <pid> died)
//   ns.ip("link add eth0 type veth peer name eth0-peer");
//   Json links = ns.ipJson("-d link show");         // `ip -n <ns> -j -d link show`, parsed
//   NetlinkHost host = ns.openHost();
//
// Any `ip` failure throws: GoogleTest reports the exception as a failure of the test, and the
// namespace is still deleted as the stack unwinds.
#pragma once

#include <string>

#include "host/netlink/netlink_host.h"
#include "json.h"

namespace ifkit::test {

struct CommandResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr together
};

// Runs `command` under /bin/sh.
CommandResult runCommand(const std::string& command);

// Kills every process in the network namespace `netns`, as a reboot would: a DHCP client or a
// network manager that a test (or ifkit under test) started there otherwise outlives the
// namespace's deletion, and keeps it alive, for ever.
void killProcessesIn(const std::string& netns);

// Removes what ifkit keeps in the host's /run for the namespace `netns` is now (its start records
// and its DHCP clients' folder, each named after the namespace's inode), as a reboot empties
// /run: a test's namespace leaves nothing behind in the host's /run when it goes. For after
// killProcessesIn, before the namespace is deleted.
void forgetRunStateOf(const std::string& netns);

class TestNetns {
 public:
  TestNetns();
  ~TestNetns();
  TestNetns(const TestNetns&) = delete;
  TestNetns& operator=(const TestNetns&) = delete;

  const std::string& name() const { return name_; }

  // `ip -n <name> <args>`; throws with ip's output if it fails. Returns ip's output.
  std::string ip(const std::string& args) const;
  // `ip -n <name> -j <args>`, parsed.
  Json ipJson(const std::string& args) const;
  // `ip netns exec <name> <command>` (with /sys remounted for the namespace); throws on failure.
  std::string exec(const std::string& command) const;
  // The contents of a file under /proc/sys or /sys as the namespace sees it, trimmed.
  std::string readFileInside(const std::string& path) const;

  // A NetlinkHost on this namespace; throws if it cannot be opened.
  host::nl::NetlinkHost openHost() const;

  // The namespace made anew, as a reboot makes the host's: its processes killed, what ifkit kept
  // for it in the host's /run removed (/run is emptied by a reboot), deleted and added again
  // under the same name, empty (but lo, down). Throws if `ip` fails.
  void makeAnew() const;

 private:
  std::string name_;
};

}  // namespace ifkit::test
