// SPDX-License-Identifier: LGPL-2.1-or-later
// A host network manager as a running process: whether it runs in a network namespace, and
// running its command-line tool (networkctl, nmcli) in that namespace to tell it something.
//
// The tools talk to the manager of their own namespace (over the system bus, where
// DBUS_SYSTEM_BUS_ADDRESS points, and over netlink), so they run inside ifkit's: a child that
// enters it (setns) and execs the tool. fork and execve, not popen or system: the daemon is
// multi-threaded, and between them the child makes only async-signal-safe calls.
#pragma once

#include <string>
#include <vector>

#include "ifkit/error.h"

namespace ifkit::driver {

// How a manager's process is found: its systemd unit, and its command's name as the kernel keeps
// it (/proc/PID/comm: 15 characters at most).
struct ManagerProcess {
  const char* unit;  // "systemd-networkd.service"
  const char* comm;  // "systemd-network"
};

// Whether the manager runs in the network namespace `netnsFd`: for the caller's own namespace,
// its unit's cgroup has a process (readable where /proc hides other users' processes, as
// ProtectProc=invisible in ifkit's units does); else, or too, a process of that command's name
// is in it (/proc/PID/ns/net), as in a container or a test.
bool managerRunsIn(int netnsFd, const ManagerProcess& manager);

// Runs `argv` (argv[0] a program name, looked for in /usr/bin, /bin, /usr/sbin, /sbin) in the
// namespace, its input and output /dev/null, and waits for it. With `onlyIfLink`, runs nothing
// (and succeeds) when the namespace has no link of that name. The error names the command and
// how it ended.
Status runInNetns(int netnsFd, const std::vector<std::string>& argv,
                  const std::string& onlyIfLink = "");

// Whether the namespace has a link of that name that is up (administratively).
bool linkIsUp(int netnsFd, const std::string& name);

}  // namespace ifkit::driver
