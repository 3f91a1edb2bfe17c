// SPDX-License-Identifier: LGPL-2.1-or-later
// The values of ifupdown options, as the programs that act on them read them: addresses with
// prefixes or netmasks (ifupdown), bridge_stp (bridge-utils), bond modes and ARP validation
// (ifenslave, the bonding driver's names and numbers), VLAN names (the vlan package).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "conf/interface_def.h"

namespace ifkit::native::ifupdown {

// "192.0.2.5/24" or "192.0.2.5" with "255.255.255.0" or "24". Without either, ifupdown gives
// an IPv4 address its class's netmask (10.0.0.1 -> /8) and `ip` an IPv6 address /128.
conf::IpDef addressOf(std::string_view address, std::optional<std::string_view> netmask,
                      conf::Family family);

// "on", "yes", "1" and "off", "no", "0"; nullopt for anything else.
std::optional<bool> booleanOf(std::string_view value);

// "active-backup" or "1", ...; nullopt for anything else.
std::optional<conf::BondMode> bondModeOf(std::string_view value);

// "active" or "1", ...; "none"/"0" and anything else are nullopt (libvirt has no word for none).
std::optional<conf::ArpValidate> arpValidateOf(std::string_view value);

// A whole decimal number, nullopt for anything else.
std::optional<int> integerOf(std::string_view value);

// What the vlan package makes of an interface name: "eth0.100" (parent eth0, tag 100),
// "vlan100" or "vlan0100" (tag 100, parent from vlan-raw-device).
struct VlanName {
  std::string parent;  // empty for vlanNNN
  std::string tag;     // decimal, without leading zeros
};
std::optional<VlanName> vlanNameOf(std::string_view name);

}  // namespace ifkit::native::ifupdown
