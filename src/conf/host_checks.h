// SPDX-License-Identifier: LGPL-2.1-or-later
// The stricter checks a real host applies at define time (DEVIATIONS.md, "The real host is
// stricter than the test driver"): a definition that cannot be applied must fail when it is
// defined, not at boot. The test driver keeps libvirt's leniency and does not call this.
#pragma once

#include "conf/interface_def.h"
#include "ifkit/error.h"

namespace ifkit::conf {

// Everything a real host checks at define time, and before a start: checkHostValues, then
// checkSupportedOnHost.
Status checkForHost(const InterfaceDef& def);

// The values the kernel could never apply. Code 27 (XML error), domain 26 (interface); the
// message names the element, the attribute and the value: "XML error: invalid value 'br 0' for
// attribute 'name' of element 'interface': not a kernel interface name (1 to 15 bytes, no '/',
// ':' or whitespace, not '.' or '..')".
// Checks, at every nesting level: interface names (and the vlan parent's; beyond the kernel's
// rule below, names it reserves: "all", "default", "bonding_masters", "config" for a VLAN, any
// '%', which it takes for a pattern, and at the top level a leading '.', which the store keeps
// for its own files), MACs (six hex pairs),
// addresses and gateways of their protocol's family, prefixes in 1..32 / 1..128 when given,
// vlan tags in 0..4095, bridge delays as non-negative numbers, ARP targets as IPv4 addresses,
// and an mtu of at least 68 when given. What a stop needs of a definition that a start applied.
Status checkHostValues(const InterfaceDef& def);

// What ifkit itself cannot do on a real host, though the XML is valid: DHCPv6 (<dhcp/> in an
// ipv6 protocol), as ifkit has no DHCPv6 client (busybox's udhcpc6 is not in Debian's busybox).
// Code 27, domain 26: "XML error: DHCPv6 is not supported by ifkit on this host (<dhcp/> in the
// ipv6 protocol of interface 'br0')".
Status checkSupportedOnHost(const InterfaceDef& def);

// The kernel's rule for an interface name (dev_valid_name): 1 to 15 bytes, no '/', no ':', no
// whitespace (the kernel's isspace, which holds 0xa0 too), not "." or "..". Also what keeps a
// name from leaving a store directory.
bool isKernelInterfaceName(std::string_view name);

}  // namespace ifkit::conf
