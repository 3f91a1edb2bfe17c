// SPDX-License-Identifier: LGPL-2.1-or-later
// RestorePoint: the state of a host's interfaces that a rollback returns to, by name (ifindexes
// change when a device is made again), and as text that survives a restart of the process.
//
//   RestorePoint at = RestorePoint::capture(host.snapshot().value());   // at iface-begin
//   std::string text = at.serialize();                                   // kept on disk
//   ...
//   auto back = RestorePoint::parse(text);                              // at iface-rollback
//   std::vector<HostOp> ops = planRestore(*back, host.snapshot().value());
//
// What it keeps is what ifkit changes: links (kind, MAC, MTU, up, master, bridge and bond
// settings, VLAN id and parent, IPv6 autoconf), their configured addresses (not the kernel's own
// link-local ones, nor addresses with a lifetime from DHCP or router advertisements), the
// default routes with a gateway (not the ones a DHCP client made), and the links where ifkit's
// DHCP client runs (which the kernel's state does not show: the caller records them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/live_state.h"
#include "ifkit/error.h"

namespace ifkit::plan {

struct LinkRecord {
  std::string name;
  host::LinkKind kind = host::LinkKind::Other;
  std::optional<host::MacAddress> mac;
  std::uint32_t mtu = 0;
  bool up = false;
  std::string master;  // empty: none
  std::optional<host::BridgeInfo> bridge;
  std::optional<host::BondInfo> bond;
  std::optional<std::uint16_t> vlanId;
  std::string vlanParent;
  std::optional<bool> ipv6Autoconf;
  bool operator==(const LinkRecord&) const = default;
};

struct AddressRecord {
  std::string link;
  host::IpPrefix prefix;
  bool operator==(const AddressRecord&) const = default;
};

struct RouteRecord {
  std::string link;
  host::IpAddress gateway;
  bool operator==(const RouteRecord&) const = default;
};

struct RestorePoint {
  std::vector<LinkRecord> links;
  std::vector<AddressRecord> addresses;
  std::vector<RouteRecord> routes;
  // Links where ifkit's DHCP client ran, by name; nullopt for a point that did not record them
  // (capture() cannot see them, and records written before ifkit kept them have none): rolling
  // back to it leaves the clients as they are. The leases themselves are not kept: a client
  // started again asks for one.
  std::optional<std::vector<std::string>> dhcpClients;

  static RestorePoint capture(const host::LiveState& live);
  // One record a line: "link NAME kind=bridge mtu=1500 up=1 ...", "addr NAME 192.0.2.1/24",
  // "route NAME 192.0.2.254", and "dhcp NAME..." (possibly no name) when dhcpClients is set.
  // Names never hold spaces (the kernel refuses them).
  std::string serialize() const;
  static Result<RestorePoint> parse(const std::string& text);

  const LinkRecord* link(const std::string& name) const;
  bool operator==(const RestorePoint&) const = default;
};

}  // namespace ifkit::plan
