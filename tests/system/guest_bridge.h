// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/system/guest_bridge.h: a VM host's network, built with `ip` in a test namespace.
//
//   br0 (bridge, STP off, delay 0, up) with eth0's MAC, as a bridge made from a NIC has:
//     192.0.2.5/24, 2001:db8::5/64 (nodad), default route via 192.0.2.1, and 192.0.2.9/24 valid
//     for 300 s, as a DHCP client holds a lease
//   eth0 (veth, up): the NIC, br0's port; lan0 (up): its other end, standing for the LAN
//   vnet0, vnet1 (taps named as libvirt's qemu driver names guests' taps) and guesttap (a tap of
//     another name): br0's ports, up
//   tun0: a tun device (a VPN's), no port
#pragma once

#include "test_netns.h"

namespace ifkit::test {

void buildGuestBridge(const TestNetns& ns);

}  // namespace ifkit::test
