// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/requests.cpp: each primitive operation as the rtnetlink requests it needs.
//
// libnl-route-3 builds every request it has a builder for: link changes, VLAN creation and link
// deletion (rtnl_link_build_*_request), addresses (rtnl_addr_build_*_request) and default routes
// (rtnl_route_build_*_request). They are only built here: RouteSocket sends them, because libnl's
// own send-and-wait calls (rtnl_link_add, ...) fold the kernel's errno into NLE_* codes.
//
// Bridges and bonds are the exception, built by hand (newLink below, kinds.h): libnl-route 3.7
// names these kinds but cannot fill their IFLA_INFO_DATA. It has no IFLA_BR_* setters at all
// (link/bridge.h is about bridge ports, AF_BRIDGE) and its "bond" info ops have no io_put_attrs
// (link/bonding.h only creates, enslaves and releases), so the STP state, forward delay, mode,
// monitors and ARP targets that a create or a change carries have no libnl writer.
#include "host/netlink/requests.h"

#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/route/link/vlan.h>
#include <netlink/route/nexthop.h>
#include <sys/socket.h>

#include <cerrno>

#include "host/host_error.h"
#include "host/netlink/kinds.h"
#include "host/netlink/message.h"
#include "host/netlink/route_socket.h"

namespace ifkit::host::nl {
namespace {

using Requests = Result<std::vector<NlMsg>>;

Requests single(NlMsg msg, const std::string& what) {
  if (!msg) return hostError(what, ENOMEM);
  std::vector<NlMsg> out;
  out.push_back(std::move(msg));
  return out;
}

// What a libnl builder returned. Builders fail only when memory runs out or a required attribute
// is missing (an ifkit bug); neither is the kernel's answer, so libnl's code is mapped to errno.
Requests built(int rc, nl_msg* msg, const std::string& what) {
  NlMsg owned(msg);
  if (rc < 0) return hostError(what, errnoFromNle(rc));
  return single(std::move(owned), what);
}

// A link object naming `name`, from `raw` (rtnl_link_alloc, rtnl_link_vlan_alloc). libnl copies a
// name into its 16-byte buffer and cuts a longer one short, so that the request would name
// another link; the kernel refuses such a name with ERANGE, and so does this, before libnl sees it.
Result<RtnlLink> namedLink(rtnl_link* raw, const std::string& name, const std::string& what) {
  RtnlLink link(raw);
  if (!link) return hostError(what, ENOMEM);
  if (name.size() >= IFNAMSIZ) return hostError(what, ERANGE);
  rtnl_link_set_name(link.get(), name.c_str());
  return link;
}

// A change to the existing link `name`: RTM_NEWLINK without NLM_F_CREATE, as `ip link set` sends
// it. The link goes by name (ifi_index 0), so the kernel looks it up itself and answers ENODEV for
// a name it does not know.
template <class Change>
Requests changeLink(const std::string& name, const std::string& what, Change change) {
  RtnlLink orig(rtnl_link_alloc());  // nothing known of the link but its name, in `changes`
  auto changes = namedLink(rtnl_link_alloc(), name, what);
  if (!changes) return changes.error();
  if (!orig) return hostError(what, ENOMEM);
  if (Status st = change(changes->get()); !st) return std::move(st).error();
  nl_msg* msg = nullptr;
  int rc = rtnl_link_build_change_request(orig.get(), changes->get(), 0, &msg);
  return built(rc, msg, what);
}

// RTM_NEWLINK for a bridge or a bond, built by hand (see the top of this file): creates the link
// with NLM_F_CREATE | NLM_F_EXCL, or, without them, changes the kind settings of an existing one
// (RTM_SETLINK does not pass IFLA_INFO_DATA on to the kind's driver; RTM_NEWLINK on an existing
// name does).
template <class FillData>
Message newLink(const std::string& name, const char* kind, bool create, FillData fillData) {
  ifinfomsg ifi{};
  Message m(RTM_NEWLINK, create ? NLM_F_CREATE | NLM_F_EXCL : 0, ifi);
  m.putString(IFLA_IFNAME, name);
  nlattr* info = m.beginNest(IFLA_LINKINFO);
  m.putString(IFLA_INFO_KIND, kind);
  nlattr* data = m.beginNest(IFLA_INFO_DATA);
  fillData(m);
  m.endNest(data);
  m.endNest(info);
  return m;
}

NlAddr ipAddr(const IpAddress& ip) {
  return NlAddr(nl_addr_build(ip.af(), ip.bytes.data(), ip.size()));
}

Requests addressRequest(bool add, int index, const IpPrefix& prefix, bool nodad,
                        const std::string& what) {
  RtnlAddr addr(rtnl_addr_alloc());
  NlAddr local = ipAddr(prefix.address);
  if (!addr || !local) return hostError(what, ENOMEM);
  rtnl_addr_set_ifindex(addr.get(), index);
  // libnl sends IFA_LOCAL and, with no peer set, the same address again as IFA_ADDRESS, as
  // `ip addr add` does: a plain address of either family, not a point-to-point peer.
  if (int rc = rtnl_addr_set_local(addr.get(), local.get()); rc < 0)
    return hostError(what, errnoFromNle(rc));
  // libnl takes prefix length 0 for "none" and builds no add request without one, but the kernel
  // accepts a /0 address (ip addr add 10.0.0.1/0), which a restore may have to put back: it is
  // built as a host prefix and its header then given the real length, below.
  const int bits = static_cast<int>(prefix.address.size() * 8);
  rtnl_addr_set_prefixlen(addr.get(), prefix.length ? prefix.length : bits);
  // Stated: left unset, libnl gives 127.0.0.0/8 host scope, and ifkit's addresses are global.
  rtnl_addr_set_scope(addr.get(), RT_SCOPE_UNIVERSE);
  if (nodad && prefix.address.family == IpFamily::V6) rtnl_addr_set_flags(addr.get(), IFA_F_NODAD);
  nl_msg* msg = nullptr;
  int rc = add ? rtnl_addr_build_add_request(addr.get(), NLM_F_EXCL, &msg)  // libnl adds CREATE
               : rtnl_addr_build_delete_request(addr.get(), 0, &msg);
  if (rc >= 0) static_cast<ifaddrmsg*>(nlmsg_data(nlmsg_hdr(msg)))->ifa_prefixlen = prefix.length;
  return built(rc, msg, what);
}

// A route of the main table out of link `index`: to `destination` (a zero-length prefix for the
// default route), via `gateway` or, without one, straight out of the link (scope link).
struct RouteSpec {
  IpPrefix destination;
  std::optional<IpAddress> gateway;
  std::optional<std::uint32_t> metric;
  std::optional<std::uint8_t> protocol;
};

Requests routeRequest(bool add, int index, const RouteSpec& spec, const std::string& what) {
  RtnlRoute route(rtnl_route_alloc());
  const IpAddress& dst = spec.destination.address;
  NlAddr to = spec.destination.length == 0 ? NlAddr(nl_addr_build(dst.af(), nullptr, 0))
                                           : ipAddr(dst);
  if (!route || !to) return hostError(what, ENOMEM);
  if (spec.destination.length != 0) nl_addr_set_prefixlen(to.get(), spec.destination.length);
  rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
  (void)rtnl_route_set_type(route.get(), RTN_UNICAST);  // fails only for types past RTN_MAX
  // Marked static, as an administrator's configuration, unless the route being put back or moved
  // had another origin. A delete matches any origin and any scope: RTPROT_UNSPEC, and
  // RT_SCOPE_NOWHERE set explicitly, or libnl would guess a scope.
  const std::uint8_t origin = spec.protocol.value_or(RTPROT_STATIC);
  rtnl_route_set_protocol(route.get(), add ? origin : std::uint8_t{RTPROT_UNSPEC});
  const std::uint8_t scope = spec.gateway ? std::uint8_t{RT_SCOPE_UNIVERSE}
                                          : std::uint8_t{RT_SCOPE_LINK};
  rtnl_route_set_scope(route.get(), add ? scope : std::uint8_t{RT_SCOPE_NOWHERE});
  if (spec.metric) rtnl_route_set_priority(route.get(), *spec.metric);
  if (int rc = rtnl_route_set_dst(route.get(), to.get()); rc < 0)
    return hostError(what, errnoFromNle(rc));
  rtnl_nexthop* hop = rtnl_route_nh_alloc();
  if (!hop) return hostError(what, ENOMEM);
  rtnl_route_nh_set_ifindex(hop, index);
  if (spec.gateway) {
    NlAddr via = ipAddr(*spec.gateway);
    if (!via) {
      rtnl_route_nh_free(hop);
      return hostError(what, ENOMEM);
    }
    rtnl_route_nh_set_gateway(hop, via.get());
  }
  rtnl_route_add_nexthop(route.get(), hop);  // the route owns the hop from here
  nl_msg* msg = nullptr;
  int rc = add ? rtnl_route_build_add_request(route.get(), NLM_F_EXCL, &msg)  // libnl adds CREATE
               : rtnl_route_build_del_request(route.get(), 0, &msg);
  return built(rc, msg, what);
}

RouteSpec defaultRoute(const IpAddress& gateway, std::optional<std::uint32_t> metric,
                       std::optional<std::uint8_t> protocol) {
  return RouteSpec{IpPrefix{IpAddress{gateway.family, {}}, 0}, gateway, metric, protocol};
}

struct Builder {
  const IndexLookup& indexOf;
  std::string what;

  // Resolves `name` or reports the op as failed with the lookup's errno.
  Result<int> index(const std::string& name) const {
    int err = 0;
    int idx = indexOf(name, err);
    if (idx <= 0) return hostError(what, err ? err : ENODEV);
    return idx;
  }

  Requests operator()(const op::CreateBridge& o) const {
    return single(
        newLink(o.name, "bridge", true, [&](Message& m) { putBridgeParams(m, o.params); }).take(),
        what);
  }
  Requests operator()(const op::CreateBond& o) const {
    Status st;
    NlMsg msg = newLink(o.name, "bond", true, [&](Message& m) {
                  st = putBondParams(m, o.params, what);
                }).take();
    if (!st) return std::move(st).error();
    return single(std::move(msg), what);
  }
  Requests operator()(const op::CreateVlan& o) const {
    auto parent = index(o.parent);
    if (!parent) return parent.error();
    auto vlan = namedLink(rtnl_link_vlan_alloc(), o.name, what);
    if (!vlan) return vlan.error();
    rtnl_link_set_link(vlan->get(), *parent);        // IFLA_LINK: the link the VLAN is stacked on
    (void)rtnl_link_vlan_set_id(vlan->get(), o.id);  // fails only for a link not of kind vlan
    nl_msg* msg = nullptr;
    int rc = rtnl_link_build_add_request(vlan->get(), NLM_F_CREATE | NLM_F_EXCL, &msg);
    return built(rc, msg, what);
  }
  Requests operator()(const op::DeleteLink& o) const {
    auto link = namedLink(rtnl_link_alloc(), o.name, what);
    if (!link) return link.error();
    nl_msg* msg = nullptr;
    int rc = rtnl_link_build_delete_request(link->get(), &msg);
    return built(rc, msg, what);
  }
  Requests operator()(const op::SetMaster& o) const {
    int masterIndex = 0;  // IFLA_MASTER 0 releases the link from its master
    if (!o.master.empty()) {
      auto idx = index(o.master);
      if (!idx) return idx.error();
      masterIndex = *idx;
    }
    return changeLink(o.name, what, [&](rtnl_link* l) {
      rtnl_link_set_master(l, masterIndex);
      return Status::success();
    });
  }
  Requests operator()(const op::SetMtu& o) const {
    return changeLink(o.name, what, [&](rtnl_link* l) {
      rtnl_link_set_mtu(l, o.mtu);
      return Status::success();
    });
  }
  Requests operator()(const op::SetMac& o) const {
    // Many NIC drivers refuse a MAC change while the link is up (EBUSY); the planner brings the
    // link down first. Bridges, bonds, VLANs and veths accept it either way.
    return changeLink(o.name, what, [&](rtnl_link* l) -> Status {
      NlAddr mac(nl_addr_build(AF_LLC, o.mac.bytes.data(), o.mac.bytes.size()));
      if (!mac) return hostError(what, ENOMEM);
      rtnl_link_set_addr(l, mac.get());  // takes its own reference
      return Status::success();
    });
  }
  Requests operator()(const op::SetUp& o) const {
    return changeLink(o.name, what, [&](rtnl_link* l) {
      // Either call puts IFF_UP in ifi_change, so only that flag changes.
      o.up ? rtnl_link_set_flags(l, IFF_UP) : rtnl_link_unset_flags(l, IFF_UP);
      return Status::success();
    });
  }
  Requests operator()(const op::SetBridge& o) const {
    std::vector<NlMsg> out;
    for (const BridgeParams& part : splitBridgeParams(o.params)) {
      NlMsg msg =
          newLink(o.name, "bridge", false, [&](Message& m) { putBridgeParams(m, part); }).take();
      if (!msg) return hostError(what, ENOMEM);
      out.push_back(std::move(msg));
    }
    return out;
  }
  Requests operator()(const op::SetBond& o) const {
    Status st;
    NlMsg msg = newLink(o.name, "bond", false, [&](Message& m) {
                  st = putBondParams(m, o.params, what);
                }).take();
    if (!st) return std::move(st).error();
    return single(std::move(msg), what);
  }
  Requests operator()(const op::AddAddress& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return addressRequest(true, *idx, o.prefix, o.nodad, what);
  }
  Requests operator()(const op::RemoveAddress& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return addressRequest(false, *idx, o.prefix, false, what);
  }
  Requests operator()(const op::AddDefaultRoute& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return routeRequest(true, *idx, defaultRoute(o.gateway, o.metric, o.protocol), what);
  }
  Requests operator()(const op::RemoveDefaultRoute& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return routeRequest(false, *idx, defaultRoute(o.gateway, std::nullopt, std::nullopt), what);
  }
  Requests operator()(const op::AddRoute& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return routeRequest(true, *idx, {o.destination, o.gateway, o.metric, o.protocol}, what);
  }
  Requests operator()(const op::RemoveRoute& o) const {
    auto idx = index(o.name);
    if (!idx) return idx.error();
    return routeRequest(false, *idx, {o.destination, o.gateway, o.metric, std::nullopt}, what);
  }
  Requests operator()(const op::SetIpv6Autoconf&) const {
    // A caller bug: this op is a sysctl write (ipv6_sysctl.cpp), never a netlink request.
    return makeError(ErrorNumber::InternalError, ErrorDomain::Interface,
                     "IPv6 autoconf is not a netlink request");
  }
};

}  // namespace

Result<std::vector<NlMsg>> buildRequests(const HostOp& op, const IndexLookup& indexOf) {
  // libnl's builders allocate its default size, a page, unless told otherwise: told once, for the
  // process (nothing else in ifkit builds messages through libnl's default).
  static const bool sized = [] {
    nlmsg_set_default_size(kRequestBytes);
    return true;
  }();
  (void)sized;
  return std::visit(Builder{indexOf, describe(op)}, op);
}

}  // namespace ifkit::host::nl
