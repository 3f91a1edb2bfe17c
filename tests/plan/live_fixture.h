// SPDX-License-Identifier: LGPL-2.1-or-later
// tests/plan/live_fixture.h: a LiveState written as short text lines, for the planner's cases.
//
//   # one object a line; '#' starts a comment
//   link lo loopback up
//   link eth0 ethernet mac=52:54:00:00:00:01 up
//   link br1 bridge mac=02:00:00:00:00:01 stp=on delay=1500 up
//   link eth1 veth mac=52:54:00:00:00:02 master=br1 up
//   link bond0 bond mac=02:00:00:00:00:02 mode=active-backup miimon=100
//   link bond1 bond miimon=0 arp_interval=200 arp_ip_target=192.0.2.1,192.0.2.2 arp_validate=all
//   link eth0.10 vlan id=10 parent=eth0   (parent=@N: ifindex N in another namespace)
//   link vnet0 tap master=br1 up      (a tun/tap device: the kernel's kind "tun")
//   addr eth0 192.0.2.1/24            (append "dynamic" for a learnt one; "tentative" for
//                                      one in duplicate address detection, "dadfailed")
//   route eth0 192.0.2.254            (metric=N, proto=N; defaults as `ip route add`)
//   static-route eth0 198.51.100.0/24 via=192.0.2.254   (a route to a prefix; metric=, proto=)
//
// Links get ifindex 1, 2, ... in line order (index=N sets one). Defaults: mtu 1500 (65536 for
// loopback), down, carrier when up (nocarrier says otherwise), operational state up with carrier
// and down without (state=WORD, the kernel's word, says otherwise), no speed (speed=N), IPv6 on
// with accept_ra=1, autoconf=1 and forwarding=0 (ipv6=off, accept_ra=N, autoconf=0|1,
// forwarding=0|1). A bond has miimon=100,
// updelay=0, downdelay=0, use_carrier=1, no ARP monitor. A VLAN without mac= or mtu= takes its
// parent's. Malformed input throws std::runtime_error naming the line.
#pragma once

#include <string>
#include <string_view>

#include "host/live_state.h"

namespace ifkit::plan::test {

host::LiveState readLiveFixture(std::string_view text);

// The file's text; throws std::runtime_error when it cannot be read.
std::string readFile(const std::string& path);

}  // namespace ifkit::plan::test
