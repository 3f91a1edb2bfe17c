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
// link-local ones, nor addresses with a lifetime from DHCP or router advertisements), and the
// default routes with a gateway.
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

  static RestorePoint capture(const host::LiveState& live);
  // One record a line: "link NAME kind=bridge mtu=1500 up=1 ...", "addr NAME 192.0.2.1/24",
  // "route NAME 192.0.2.254". Names never hold spaces (the kernel refuses them).
  std::string serialize() const;
  static Result<RestorePoint> parse(const std::string& text);

  const LinkRecord* link(const std::string& name) const;
  bool operator==(const RestorePoint&) const = default;
};

}  // namespace ifkit::plan
