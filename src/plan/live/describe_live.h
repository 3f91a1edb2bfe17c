// SPDX-License-Identifier: LGPL-2.1-or-later
// describeLive: one kernel link as libvirt's interface model, for the live XML of the system
// driver (iface-dumpxml without --inactive).
//
// It describes what libvirt's udev backend describes (type; link state, and speed when up; MAC;
// mtu; bridge stp, forward delay and ports nested; bond mode, monitor and slaves nested; VLAN tag
// and parent) and adds what the kernel knows beyond it: the global addresses and the default
// routes out of the link, as <protocol> blocks; <autoconf/> where the kernel learns from router
// advertisements for a link that has IPv6 configuration; <dhcp/> where ifkit's DHCP client runs
// for the link, and in place of an IPv4 address with a finite lifetime (a lease, whoever's
// client holds it). Differences from the udev backend, on purpose:
//   - the bridge delay is in seconds, the unit of <bridge delay> in definitions (udev echoes
//     sysfs's centiseconds, so a define of its own output would be off by 100);
//   - link-local IPv6 addresses are left out: every IPv6 link has one, the kernel makes it;
//   - tun/tap devices are left out of a bridge's ports and a bond's slaves (udev leaves out only
//     names "vnet" + digit): a tap is a guest's, and must not end up in a definition.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "conf/interface_def.h"
#include "host/live_index.h"
#include "host/live_state.h"

namespace ifkit::plan {

// `dhcpRunning`: ifkit's DHCP client runs for the link, shown as <dhcp/> in its IPv4 protocol.
conf::InterfaceDef describeLive(const host::LiveState& live, const host::Link& link,
                                bool dhcpRunning = false);
// The same from an index of the state: for describing many links of one picture.
conf::InterfaceDef describeLive(const host::LiveIndex& live, const host::Link& link,
                                bool dhcpRunning = false);

// Fills in the speed (Mb/s) of every interface `def` shows as up, itself and nested, that has
// none yet, from speedOf(name): a host that reads speeds one link at a time (one ioctl each)
// then reads only those a live XML shows, not those of every link of a listing.
void addLinkSpeeds(conf::InterfaceDef& def,
                   const std::function<std::optional<std::uint32_t>(const std::string&)>& speedOf);

// Whether the live XML of `link` has an IPv6 <protocol> (a global IPv6 address, or a default
// route via an IPv6 gateway out of it): only then does it show the link's IPv6 autoconf and
// accept_ra settings, as <autoconf/>.
bool hasIpv6Configuration(const host::LiveIndex& live, const host::Link& link);

// The libvirt type a kernel link is described as: bridge, bond and vlan as such, every other
// kind (NICs, veth, tun, ...) as ethernet.
bool isDescribedAsEthernet(const host::Link& link);

// The text of a forward delay in centiseconds as seconds: 1500 -> "15", 1 -> "0.01".
std::string secondsFromCentiseconds(std::uint32_t cs);

}  // namespace ifkit::plan
