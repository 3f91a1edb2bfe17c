// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/host_op.h: the primitive changes a host backend can make, as plain printable values.
//
// The planner emits these, a backend applies them (one at a time, or many in a batch), dry-run
// prints them with describe(). Interfaces are named, not indexed: a plan is written before the
// links it creates have an ifindex. Optional parameters that are unset are left as the kernel
// has them; only what is set reaches the kernel.
//
//   std::vector<HostOp> ops{op::CreateBridge{"br0", {.stp = false}},
//                           op::SetMaster{"eth0", "br0"},
//                           op::SetUp{"br0", true},
//                           op::AddAddress{"br0", *IpPrefix::parse("192.0.2.1/24")}};
//   for (auto& o : ops) std::cout << describe(o) << '\n';  // "create bridge 'br0' stp off", ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "host/ip_address.h"
#include "host/live_state.h"
#include "host/mac_address.h"

namespace ifkit::host {

struct BridgeParams {
  std::optional<bool> stp;
  std::optional<std::uint32_t> forwardDelayCs;  // centiseconds (USER_HZ), as in BridgeInfo

  bool operator==(const BridgeParams&) const = default;
};

struct BondParams {
  std::optional<BondMode> mode;
  std::optional<std::uint32_t> miimon, updelay, downdelay;  // ms
  std::optional<bool> useCarrier;
  std::optional<std::uint32_t> arpInterval;          // ms
  std::optional<std::vector<IpAddress>> arpTargets;  // IPv4 only; replaces the whole list
  std::optional<ArpValidate> arpValidate;

  bool operator==(const BondParams&) const = default;
};

namespace op {

struct CreateBridge {
  std::string name;
  BridgeParams params;
  bool operator==(const CreateBridge&) const = default;
};
struct CreateBond {
  std::string name;
  BondParams params;
  bool operator==(const CreateBond&) const = default;
};
struct CreateVlan {
  std::string name;
  std::string parent;
  std::uint16_t id = 0;
  bool operator==(const CreateVlan&) const = default;
};
// Removes a virtual link (bridge, bond, VLAN, veth). Physical NICs cannot be deleted; the kernel
// refuses with EOPNOTSUPP.
struct DeleteLink {
  std::string name;
  bool operator==(const DeleteLink&) const = default;
};
// Makes `name` a port of the bridge or a slave of the bond `master`; an empty master releases it.
struct SetMaster {
  std::string name;
  std::string master;
  bool operator==(const SetMaster&) const = default;
};
struct SetMtu {
  std::string name;
  std::uint32_t mtu = 0;
  bool operator==(const SetMtu&) const = default;
};
struct SetMac {
  std::string name;
  MacAddress mac;
  bool operator==(const SetMac&) const = default;
};
struct SetUp {
  std::string name;
  bool up = true;  // false: administratively down
  bool operator==(const SetUp&) const = default;
};
struct SetBridge {
  std::string name;
  BridgeParams params;
  bool operator==(const SetBridge&) const = default;
};
struct SetBond {
  std::string name;
  BondParams params;
  bool operator==(const SetBond&) const = default;
};
struct AddAddress {
  std::string name;
  IpPrefix prefix;
  // IPv6 without duplicate address detection: for an address moved from a link to its new
  // master, already in use on the same segment; a DAD would keep it tentative, unusable, for a
  // second or more. IPv4 has no DAD in the kernel, and ignores it.
  bool nodad = false;
  bool operator==(const AddAddress&) const = default;
};
struct RemoveAddress {
  std::string name;
  IpPrefix prefix;
  bool operator==(const RemoveAddress&) const = default;
};
// The default route of the gateway's family, via `gateway`, out of `name`.
struct AddDefaultRoute {
  std::string name;
  IpAddress gateway;
  // What a route put back or moved had: its metric and who installed it (RTPROT_*: a DHCP
  // client's route stays a DHCP route). Unset: the kernel's default metric, and static, as an
  // administrator's.
  std::optional<std::uint32_t> metric = std::nullopt;
  std::optional<std::uint8_t> protocol = std::nullopt;
  bool operator==(const AddDefaultRoute&) const = default;
};
struct RemoveDefaultRoute {
  std::string name;
  IpAddress gateway;
  bool operator==(const RemoveDefaultRoute&) const = default;
};
// IPv6 stateless autoconfiguration: an address and a default route from router advertisements.
struct SetIpv6Autoconf {
  std::string name;
  bool on = true;
  bool operator==(const SetIpv6Autoconf&) const = default;
};

// A route of the main table to `destination` out of `name`, via `gateway` or straight out of the
// link: what a member configured (StaticRoute) moving to its new master, and back.
struct AddRoute {
  std::string name;
  IpPrefix destination;
  std::optional<IpAddress> gateway = std::nullopt;
  std::optional<std::uint32_t> metric = std::nullopt;    // unset: the kernel's default
  std::optional<std::uint8_t> protocol = std::nullopt;  // unset: static
  bool operator==(const AddRoute&) const = default;
};
struct RemoveRoute {
  std::string name;
  IpPrefix destination;
  std::optional<IpAddress> gateway = std::nullopt;
  std::optional<std::uint32_t> metric = std::nullopt;
  bool operator==(const RemoveRoute&) const = default;
};

}  // namespace op

using HostOp = std::variant<op::CreateBridge, op::CreateBond, op::CreateVlan, op::DeleteLink,
                            op::SetMaster, op::SetMtu, op::SetMac, op::SetUp, op::SetBridge,
                            op::SetBond, op::AddAddress, op::RemoveAddress, op::AddDefaultRoute,
                            op::RemoveDefaultRoute, op::SetIpv6Autoconf, op::AddRoute,
                            op::RemoveRoute>;

// Every setting of a bridge or a bond as the kernel reports it, as parameters that set exactly
// those: what making the device again, or putting its settings back, needs.
BridgeParams paramsOf(const BridgeInfo& bridge);
BondParams paramsOf(const BondInfo& bond);

// One line naming the operation and the interface: "set MTU 9000 on 'eth0'". Errors quote it
// ("cannot set MTU 9000 on 'eth0': Invalid argument") and dry-run prints it.
std::string describe(const HostOp& op);

}  // namespace ifkit::host
