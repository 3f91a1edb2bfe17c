// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/listed_links_test.cpp: which kernel links are listed on their own (listed_links.h).
#include "plan/live/listed_links.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "live_fixture.h"

namespace ifkit::plan::test {
namespace {

std::vector<std::string> listedOf(const host::LiveState& live) {
  const host::LiveIndex index = host::LiveIndex::borrowing(live);
  std::vector<std::string> out;
  for (const host::Link& link : live.links)
    if (isListedOnItsOwn(index, link)) out.push_back(link.name);
  return out;
}

// A VM host as libvirt lists it: the bridge and the NIC that is no port, the bond; not the
// bridge's port, the bond's slave, the guests' taps (ports or not) or the loopback.
TEST(ListedLinks, PortsSlavesTapsAndLoopbackAreNotListedOnTheirOwn) {
  const host::LiveState live = readLiveFixture(
      "link lo loopback up\n"
      "link br0 bridge mac=52:54:00:00:00:01 up\n"
      "link eth0 ethernet mac=52:54:00:00:00:01 master=br0 up\n"
      "link vnet0 tap mac=fe:54:00:00:00:02 master=br0 up\n"
      "link tap9 tap mac=fe:54:00:00:00:09\n"
      "link bond0 bond mac=52:54:00:00:00:03 up\n"
      "link eth1 ethernet mac=52:54:00:00:00:03 master=bond0 up\n"
      "link eth2 ethernet mac=52:54:00:00:00:04\n");
  EXPECT_EQ(listedOf(live), (std::vector<std::string>{"br0", "bond0", "eth2"}));
}

// The kernel reports IFLA_INFO_KIND "tun" for tun and tap devices alike; nothing else is one.
TEST(ListedLinks, TunOrTapIsTheKernelsKindTun) {
  host::Link link;
  link.kindName = "tun";
  EXPECT_TRUE(isTunOrTap(link));
  link.kindName = "macvtap";  // a guest's too, but libvirt lists it: no tun_flags in sysfs
  EXPECT_FALSE(isTunOrTap(link));
  link.kindName = "";
  EXPECT_FALSE(isTunOrTap(link));
}

}  // namespace
}  // namespace ifkit::plan::test
