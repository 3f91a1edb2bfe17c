// SPDX-License-Identifier: LGPL-2.1-or-later
// Which of the kernel's links are interfaces on their own, listed and found by MAC, as libvirt
// lists them; and which are described nowhere at all (tun/tap devices).
//
// libvirt's model of a host's interfaces: a bridge port or a bond slave is part of its master
// and is described nested in the master's XML, not listed beside it; a tun/tap device (a guest's
// vnetN, a VPN's tun0) belongs to whoever opened it, not to the host's configuration. So the
// listings (iface-list, listAllInterfaces, the counts and name lists) and lookups by MAC see
// only the links listed here, plus stored definitions; lookups by name still reach every link.
//
//   for (const host::Link& link : live.state().links)
//     if (isListedOnItsOwn(live, link)) names.push_back(link.name);
#pragma once

#include "host/live_index.h"
#include "host/live_state.h"

namespace ifkit::plan {

// A tun or tap device: the kernel reports IFLA_INFO_KIND "tun" for both modes (libvirt's udev
// backend tells them by sysfs's tun_flags, which only these devices have). A tap is a guest's,
// so it is never described inside a master either: a definition taken from a bridge's live XML
// must not name a guest's tap, which is gone once the guest stops.
bool isTunOrTap(const host::Link& link);

// Listed on its own: not the loopback (not an interface of this API, as with libvirt's netcf
// backend), not a tun/tap, and not a port of a bridge or a slave of a bond of this namespace
// (those are nested in their master's XML). A link under another kind of master (a VRF, Open
// vSwitch's datapath) is nested nowhere, so it stays listed.
bool isListedOnItsOwn(const host::LiveIndex& live, const host::Link& link);

}  // namespace ifkit::plan
