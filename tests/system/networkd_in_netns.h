// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/networkd_in_netns.h: systemd-networkd, run for real inside a test's namespace.
//
// As notes/real-hosts.md describes: in a private mount namespace, /run/systemd a tmpfs with
// netif/ owned by systemd-network, /sys read-only (so it does not wait for udev), the test's
// folder bound over /etc/systemd/network (the host's own /etc is never read or written);
// without systemd as PID 1.
#pragma once

#include <string>

#include "test_netns.h"

namespace ifkit::test {

// networkd's boot step: it configures the namespace's links from `networkFolder` and is stopped
// after `seconds` (it configures matching links within a second). What it configured stays.
void runNetworkdFor(const TestNetns& ns, const std::string& networkFolder, int seconds = 4);

}  // namespace ifkit::test
