// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/guest_bridge.cpp: the VM host's network of guest_bridge.h.
#include "guest_bridge.h"

namespace ifkit::test {

void buildGuestBridge(const TestNetns& ns) {
  ns.ip("link add eth0 type veth peer name lan0");
  ns.ip("link add br0 type bridge stp_state 0 forward_delay 0");
  ns.ip("link set eth0 master br0");
  // A bridge takes the lowest MAC of its ports unless given one: pin the NIC's, as a bridge that
  // took over a NIC has, so that a guest's tap added later does not change it.
  ns.ip("link set br0 address " + ns.ipJson("link show eth0")[0]["address"].str());
  for (const char* tap : {"vnet0", "vnet1", "guesttap"}) {
    ns.ip(std::string("tuntap add ") + tap + " mode tap");
    ns.ip(std::string("link set ") + tap + " master br0 up");
  }
  ns.ip("tuntap add tun0 mode tun");
  for (const char* link : {"eth0", "lan0", "br0"}) ns.ip(std::string("link set ") + link + " up");
  ns.ip("addr add 192.0.2.5/24 dev br0");
  ns.ip("addr add 192.0.2.9/24 dev br0 valid_lft 300 preferred_lft 300");
  ns.ip("addr add 2001:db8::5/64 dev br0 nodad");
  ns.ip("route add default via 192.0.2.1");
}

}  // namespace ifkit::test
