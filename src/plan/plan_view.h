// SPDX-License-Identifier: LGPL-2.1-or-later
// src/plan/plan_view.h: the host as the planner expects it after each operation it has planned,
// and the operations that would undo each one.
//
// The planner decides every step from the state the previous steps leave (is eth0 still up? is
// 2001:db8::1 still there after the link went down?), so it plays its own operations forward on
// this view. record(op) returns the undo of `op`, computed from the state just before it: the
// previous MTU, MAC, master, up state, bridge and bond settings, and what the kernel drops as a
// side effect (IPv6 addresses and routes when a link goes down; ports and addresses when a link
// is deleted). Undoing steps in reverse order therefore meets each undo in the state it was
// computed for.
//
// The view follows the kernel only as far as the planner needs; memory_host.h's model is the
// fuller simulation the tests check plans against.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/host_op.h"
#include "host/live_state.h"

namespace ifkit::plan {

class PlanView {
 public:
  struct Link {
    std::string name;
    host::LinkKind kind = host::LinkKind::Other;
    std::optional<host::MacAddress> mac;
    std::uint32_t mtu = 0;
    bool up = false;
    std::string master;  // empty: none
    std::optional<host::BridgeInfo> bridge;
    std::optional<host::BondInfo> bond;
    std::uint16_t vlanId = 0;
    std::string vlanParent;
    std::optional<host::Ipv6Conf> ipv6;
    bool created = false;  // made by this plan
  };
  struct Address {
    std::string link;
    host::IpPrefix prefix;
    bool permanent = true;  // configured; a learnt one (SLAAC, DHCP) is not put back by an undo
  };
  struct Route {
    std::string link;
    host::IpAddress gateway;
    std::uint32_t metric = 0;
    std::uint8_t protocol = 0;  // RTPROT_*, who installed it
  };

  // A configured route to a prefix (host::StaticRoute), by link name.
  struct StaticRoute {
    std::string link;
    host::IpPrefix destination;
    std::optional<host::IpAddress> gateway;
    std::uint32_t metric = 0;
    std::uint8_t protocol = 0;
    // A prefix route made in the kernel's name for an address added without one (proto kernel:
    // NetworkManager's IPv6 addresses): it stands for the address's own, and goes with it.
    bool standsForAddress() const;
  };

  explicit PlanView(const host::LiveState& live);

  const Link* link(const std::string& name) const;
  bool hasAddress(const std::string& link, const host::IpPrefix& prefix) const;
  std::vector<host::IpPrefix> addressesOf(const std::string& link) const;
  // The global addresses of `link` (link-local ones are the kernel's own), configured or learnt.
  std::vector<Address> globalAddressesOf(const std::string& link) const;
  // The default routes out of `link` that have a gateway.
  std::vector<Route> defaultRoutesOf(const std::string& link) const;
  const Route* route(const std::string& link, const host::IpAddress& gateway) const;
  // A default route of `family` at the metric the kernel gives a new one, if there is one.
  const Route* defaultRouteAtKernelMetric(host::IpFamily family) const;
  std::vector<std::string> portsOf(const std::string& master) const;

  // The configured routes to a prefix out of `link`.
  std::vector<StaticRoute> staticRoutesOf(const std::string& link) const;
  bool hasStaticRoute(const std::string& link, const host::IpPrefix& destination,
                      const std::optional<host::IpAddress>& gateway) const;
  static host::op::AddRoute addBack(const StaticRoute& route, const std::string& link);

  // The operation that puts `route` back (or moves it to `link`) as it is: metric and origin.
  static host::op::AddDefaultRoute addBack(const Route& route, const std::string& link);

  // Plays `op` forward and returns the operations that undo it.
  std::vector<host::HostOp> record(const host::HostOp& op);

 private:
  struct Record;  // the visitor (plan_view.cpp)

  Link* find(const std::string& name);
  std::vector<host::HostOp> restoreAfterDown(const std::string& name) const;
  void bringDown(const std::string& name);

  std::vector<Link> links_;
  std::vector<Address> addresses_;
  std::vector<Route> routes_;
  std::vector<StaticRoute> staticRoutes_;
};

// The kernel's defaults for a new bridge and bond (memory_host.h lists them).
host::BridgeInfo newBridgeInfo();
host::BondInfo newBondInfo();

// SetBridge operations that take a bridge from `now` to the settings in `want`, in an order the
// kernel accepts: it checks the forward delay against the STP state before changing STP, so STP
// goes off in an operation of its own, before a delay that only STP-off allows.
std::vector<host::HostOp> bridgeChanges(const std::string& name, const host::BridgeInfo& now,
                                        const host::BridgeParams& want);

}  // namespace ifkit::plan
