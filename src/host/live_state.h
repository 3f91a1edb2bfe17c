// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/live_state.h: what the kernel says about one network namespace, as plain values.
//
// A LiveState is what `snapshot()` returns: every link with its kind-specific settings, every
// IPv4/IPv6 address, and the default routes. It knows nothing of XML; the planner and the live
// XML writer read it. Links refer to each other by ifindex (master, VLAN parent), as the kernel
// does; the lookup helpers turn those into links.
//
//   LiveState st = host.snapshot().value();
//   const Link* br = st.linkByName("br0");
//   for (const Link* port : st.portsOf(br->index)) std::cout << port->name << '\n';
//   std::cout << toString(st);  // one line per object, for debugging
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "host/ip_address.h"
#include "host/mac_address.h"
#include "util/box.h"

namespace ifkit::host {

// The kinds libvirt describes, from the kernel's IFLA_INFO_KIND; Ethernet is a link without
// one (a physical NIC), Other is any kind ifkit does not model (kindName says which).
enum class LinkKind : std::uint8_t { Ethernet, Loopback, Bridge, Bond, Vlan, Veth, Other };

// RFC 2863 operational state, the kernel's IF_OPER_* values.
enum class OperState : std::uint8_t {
  Unknown = 0,
  NotPresent = 1,
  Down = 2,
  LowerLayerDown = 3,
  Testing = 4,
  Dormant = 5,
  Up = 6,
};

// The kernel's bonding modes (BOND_MODE_*), numbered as the kernel numbers them.
enum class BondMode : std::uint8_t {
  BalanceRr = 0,
  ActiveBackup = 1,
  BalanceXor = 2,
  Broadcast = 3,
  Ieee8023ad = 4,
  BalanceTlb = 5,
  BalanceAlb = 6,
};

// The kernel's arp_validate values (BOND_ARP_VALIDATE_*).
enum class ArpValidate : std::uint8_t {
  None = 0,
  Active = 1,
  Backup = 2,
  All = 3,
  Filter = 4,
  FilterActive = 5,
  FilterBackup = 6,
};

struct BridgeInfo {
  bool stp = false;
  // In the kernel's user-visible clock ticks (USER_HZ = 100, so centiseconds): the unit
  // IFLA_BR_FORWARD_DELAY uses; libvirt's <bridge delay> is seconds.
  std::uint32_t forwardDelayCs = 0;

  bool operator==(const BridgeInfo&) const = default;
};

struct BondInfo {
  BondMode mode = BondMode::BalanceRr;
  std::uint32_t miimon = 0;     // ms
  std::uint32_t updelay = 0;    // ms
  std::uint32_t downdelay = 0;  // ms
  bool useCarrier = true;
  std::uint32_t arpInterval = 0;  // ms
  std::vector<IpAddress> arpTargets;
  ArpValidate arpValidate = ArpValidate::None;

  bool operator==(const BondInfo&) const = default;
};

struct VlanInfo {
  std::uint16_t id = 0;
  int parentIndex = 0;  // ifindex of the link the VLAN is stacked on

  bool operator==(const VlanInfo&) const = default;
};

// IPv6 settings from the kernel's per-link devconf (IFLA_INET6_CONF in the link dump).
struct Ipv6Conf {
  int acceptRa = 0;  // 0 off, 1 on unless forwarding, 2 on even when forwarding
  bool autoconf = false;
  bool disabled = false;    // disable_ipv6
  bool forwarding = false;  // the link routes IPv6: a router, which accept_ra=1 does not make learn

  // Whether the kernel acts on router advertisements received on the link, as its
  // ipv6_accept_ra() decides: accept_ra 2 always, 1 only while the link does not forward.
  bool actsOnRouterAdvertisements() const {
    return acceptRa == 2 || (acceptRa == 1 && !forwarding);
  }

  bool operator==(const Ipv6Conf&) const = default;
};

struct Link {
  int index = 0;
  std::string name;
  LinkKind kind = LinkKind::Other;
  std::string kindName;           // IFLA_INFO_KIND as the kernel wrote it, empty for none
  unsigned arpType = 0;           // ARPHRD_*
  std::optional<MacAddress> mac;  // absent for links without a 6-byte hardware address
  std::uint32_t mtu = 0;
  bool up = false;  // administratively up (IFF_UP)
  OperState operState = OperState::Unknown;
  bool carrier = false;
  std::optional<std::uint32_t> speedMbps;  // when the driver reports one (ethtool)
  int masterIndex = 0;                     // bridge or bond this link is a port of; 0 for none
  int linkIndex = 0;                       // IFLA_LINK: VLAN parent, veth peer; 0 for none
  bool linkInOtherNetns = false;  // linkIndex names a link in another namespace (a veth peer)
  // A bond's settings boxed (util/box.h): inline they made every link 48 bytes larger.
  std::variant<std::monostate, BridgeInfo, Box<BondInfo>, VlanInfo> details;
  std::optional<Ipv6Conf> ipv6;  // absent when the kernel has no IPv6 for this link

  const BridgeInfo* bridge() const { return std::get_if<BridgeInfo>(&details); }
  const BondInfo* bond() const {
    const auto* boxed = std::get_if<Box<BondInfo>>(&details);
    return boxed != nullptr ? &**boxed : nullptr;
  }
  const VlanInfo* vlan() const { return std::get_if<VlanInfo>(&details); }

  bool operator==(const Link&) const = default;
};

struct Address {
  int index = 0;  // link
  IpPrefix prefix;
  std::uint8_t scope = 0;   // RT_SCOPE_*: 0 global, 253 link, 254 host
  std::uint32_t flags = 0;  // IFA_F_*

  bool permanent() const;  // configured, as opposed to learnt (SLAAC, DHCP with a lifetime)

  bool operator==(const Address&) const = default;
};

// A default route of the main table.
struct Route {
  IpFamily family = IpFamily::V4;
  std::optional<IpAddress> gateway;  // absent for a device route
  int oifIndex = 0;                  // 0 when the kernel gave none
  std::uint32_t metric = 0;
  std::uint8_t protocol = 0;  // RTPROT_*: who installed it (boot, static, ra, dhcp, ...)

  bool operator==(const Route&) const = default;
};

// A route of the main table to a prefix (not a default route) that somebody configured: an
// administrator, a DHCP client's classless routes. Not the kernel's own prefix routes, nor routes
// learnt from router advertisements. libvirt's XML cannot express them; a member hands them over
// to its new master like its addresses.
struct StaticRoute {
  IpPrefix destination;
  std::optional<IpAddress> gateway;  // absent for a route straight out of the link
  int oifIndex = 0;
  std::uint32_t metric = 0;
  std::uint8_t protocol = 0;  // RTPROT_*

  bool operator==(const StaticRoute&) const = default;
};

struct LiveState {
  std::vector<Link> links;  // in the kernel's dump order (ifindex order)
  std::vector<Address> addresses;
  std::vector<Route> defaultRoutes;
  std::vector<StaticRoute> staticRoutes;

  const Link* linkByName(std::string_view name) const;
  const Link* linkByIndex(int index) const;
  std::vector<const Link*> portsOf(int masterIndex) const;  // bridge ports, bond slaves
  std::vector<const Address*> addressesOf(int index) const;
  std::vector<const Route*> defaultRoutesVia(int index) const;

  bool operator==(const LiveState&) const = default;
};

std::string_view toString(LinkKind kind);
std::string_view toString(OperState state);
std::string_view toString(BondMode mode);  // the kernel's names: "active-backup", ...
std::string_view toString(ArpValidate value);
std::string toString(const Link& link);
std::string toString(const Address& address);
std::string toString(const Route& route);
std::string toString(const StaticRoute& route);
std::string toString(const LiveState& state);  // one line per object

}  // namespace ifkit::host
