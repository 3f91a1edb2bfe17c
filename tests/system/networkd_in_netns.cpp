// SPDX-License-Identifier: LGPL-2.1-or-later
#include "networkd_in_netns.h"

#include <gtest/gtest.h>

namespace ifkit::test {

void runNetworkdFor(const TestNetns& ns, const std::string& networkFolder, int seconds) {
  auto r = runCommand(
      "ip netns exec " + ns.name() + " unshare -m --propagation private sh -c '" +
      "mount -t tmpfs tmpfs /run/systemd && " +
      "mkdir -p /run/systemd/netif/links /run/systemd/netif/leases /run/systemd/netif/lldp && " +
      "chown -R systemd-network:systemd-network /run/systemd/netif && " +
      "mount -o remount,ro /sys; mount --bind " + networkFolder +
      " /etc/systemd/network && exec timeout " + std::to_string(seconds) +
      " /lib/systemd/systemd-networkd' 2>&1");
  // timeout ends it: status 124 is the expected end.
  EXPECT_EQ(r.exitCode, 124) << r.output;
}

}  // namespace ifkit::test
