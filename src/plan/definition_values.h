// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/definition_values.h: a definition's values (kept as libvirt writes them) as the values
// the kernel takes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "conf/interface_def.h"
#include "host/host_op.h"
#include "ifkit/error.h"

namespace ifkit::plan {

// The prefix an address without one gets: classful for IPv4 (A /8, B /16, C /24, else /32),
// /64 for IPv6, as initscripts (libvirt's netcf backend) gave it.
std::uint8_t defaultPrefixLength(const host::IpAddress& address);

// An <ip> as an address with its prefix; nullopt if the address is not of `family` (which
// conf::checkForHost rules out).
std::optional<host::IpPrefix> prefixOf(const conf::IpDef& ip, conf::Family family);

// libvirt's <bridge delay> in seconds, as written ("15", "0.5"), in the kernel's centiseconds,
// rounded to the nearest; nullopt for text that is not a non-negative decimal number.
std::optional<std::uint32_t> centisecondsOf(std::string_view seconds);

// What a definition sets of a bridge; what it leaves out stays unset (and as the host has it).
Result<host::BridgeParams> bridgeParamsOf(const conf::BridgeDef& bridge);
// Mode and the one monitor the definition names (MII: frequency, delays, carrier; ARP:
// interval, target, validate). Negative intervals are refused (EINVAL).
Result<host::BondParams> bondParamsOf(const conf::BondDef& bond);
// The VLAN tag as a number; nullopt for a tag outside 0..4095.
std::optional<std::uint16_t> vlanIdOf(const conf::VlanDef& vlan);

host::IpFamily familyOf(conf::Family family);

}  // namespace ifkit::plan
