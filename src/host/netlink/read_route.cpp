// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/read_route.cpp: the default and the configured routes among RTM_NEWROUTE
// replies, read by hand.
//
// Not by libnl-route's parser (rtnl_route_parse), for the reason read_address.cpp gives: the
// `ifkit` program loads libnl-route only to change the kernel. A route is a fixed header and
// a few attributes; its next hops are RTA_MULTIPATH's, or else one made of RTA_OIF and
// RTA_GATEWAY, as libnl's parser makes them.
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>

#include "host/netlink/attr.h"
#include "host/netlink/readers.h"

namespace ifkit::host::nl {
namespace {

// The kernel gives the prefix route it makes for an IPv6 address this metric, unless the address
// was added with one of its own (IFA_RT_PRIORITY).
constexpr std::uint32_t kIpv6AddrconfMetric = 256;

struct NextHop {
  int oifIndex = 0;
  std::optional<IpAddress> gateway;
};

// A route's fixed header and its attributes, split by type.
struct ParsedRoute {
  const rtmsg* rtm = nullptr;
  nlattr* tb[RTA_MAX + 1] = {};

  // The table as RTA_TABLE gives it: rtm_table's 8 bits cannot hold every table number.
  std::uint32_t table() const { return attrU32(tb[RTA_TABLE]).value_or(rtm->rtm_table); }
  std::uint32_t metric() const { return attrU32(tb[RTA_PRIORITY]).value_or(0); }

  // RTA_MULTIPATH's hops, each an rtnexthop followed by its own attributes; without it, one hop
  // where the route names a link or a gateway, none otherwise.
  std::vector<NextHop> nextHops() const {
    std::vector<NextHop> hops;
    if (const nlattr* multipath = tb[RTA_MULTIPATH]) {
      const auto* at = static_cast<const char*>(attrPayload(multipath));
      std::size_t left = static_cast<std::size_t>(attrLength(multipath));
      while (left >= sizeof(rtnexthop)) {
        const auto* rtnh = reinterpret_cast<const rtnexthop*>(at);
        if (rtnh->rtnh_len < sizeof(rtnexthop) || rtnh->rtnh_len > left) break;
        NextHop hop{rtnh->rtnh_ifindex, std::nullopt};
        const int attrsLen = rtnh->rtnh_len - static_cast<int>(RTNH_ALIGN(sizeof(rtnexthop)));
        if (attrsLen > 0) {
          nlattr* hopTb[RTA_MAX + 1];
          splitAttrs(hopTb, RTA_MAX, at + RTNH_ALIGN(sizeof(rtnexthop)), attrsLen);
          hop.gateway = attrIp(hopTb[RTA_GATEWAY]);
        }
        hops.push_back(hop);
        const std::size_t step = std::min<std::size_t>(RTNH_ALIGN(rtnh->rtnh_len), left);
        at += step;
        left -= step;
      }
      return hops;
    }
    if (tb[RTA_OIF] != nullptr || tb[RTA_GATEWAY] != nullptr)
      hops.push_back({static_cast<int>(attrU32(tb[RTA_OIF]).value_or(0)), attrIp(tb[RTA_GATEWAY])});
    return hops;
  }
};

// The route's header, if it is a unicast route of IPv4 or IPv6 in a reply long enough for it.
const rtmsg* unicastRoute(const nlmsghdr* h) {
  if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) return nullptr;
  const auto* rtm = static_cast<const rtmsg*>(messagePayload(h));
  if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) return nullptr;
  return rtm->rtm_type == RTN_UNICAST ? rtm : nullptr;
}

std::optional<ParsedRoute> parsed(const nlmsghdr* reply, const rtmsg* rtm) {
  ParsedRoute route;
  route.rtm = rtm;
  if (!parseMessage(route.tb, RTA_MAX, reply, sizeof(rtmsg))) return std::nullopt;
  return route;
}

}  // namespace

void readDefaultRoutes(const nlmsghdr* reply, std::vector<Route>& out) {
  // Sorted on the fixed header first: the main table holds a route per prefix and per IPv6 link,
  // a handful of them default routes.
  const rtmsg* rtm = unicastRoute(reply);
  if (rtm == nullptr || rtm->rtm_dst_len != 0) return;
  auto route = parsed(reply, rtm);
  if (!route || route->table() != RT_TABLE_MAIN) return;

  Route r;
  r.family = rtm->rtm_family == AF_INET ? IpFamily::V4 : IpFamily::V6;
  r.metric = route->metric();
  r.protocol = rtm->rtm_protocol;
  // One entry per next hop; a route with none still counts, with no link and no gateway.
  const std::vector<NextHop> hops = route->nextHops();
  if (hops.empty()) out.push_back(r);
  for (const NextHop& nh : hops) {
    Route hop = r;
    hop.oifIndex = nh.oifIndex;
    hop.gateway = nh.gateway;
    out.push_back(hop);
  }
}

// The kernel's own prefix routes (proto kernel) and routes learnt from router advertisements
// (proto ra) are the kernel's to make again; every other route to a prefix someone configured.
// Told apart on the fixed header where it can be, before the attributes are split: a host with
// many links has a prefix route per address. One kind of "proto kernel" route is somebody's, an
// IPv6 one, told by its metric: NetworkManager adds its IPv6 addresses with noprefixroute and
// the prefix route itself, in the kernel's name, with its own metric. Such a route stays on a
// NIC whose address went to a bridge, and outranks the bridge's. An IPv6 one with a metric other
// than the kernel's is kept here; keepOnlySomebodysPrefixRoutes() then drops those the kernel
// made for an address after all.
void readStaticRoutes(const nlmsghdr* reply, std::vector<StaticRoute>& out) {
  const rtmsg* rtm = unicastRoute(reply);
  if (rtm == nullptr || rtm->rtm_dst_len == 0 || rtm->rtm_protocol == RTPROT_RA) return;
  const bool byKernel = rtm->rtm_protocol == RTPROT_KERNEL;
  if (byKernel && rtm->rtm_family != AF_INET6) return;  // an IPv4 one is never somebody's
  auto route = parsed(reply, rtm);
  if (!route) return;
  if (byKernel && route->metric() == kIpv6AddrconfMetric) return;
  if (route->table() != RT_TABLE_MAIN) return;
  auto destination = attrIp(route->tb[RTA_DST]);
  if (!destination) return;
  // A multipath route is one route with several hops: ifkit cannot make one, and leaves it out.
  const std::vector<NextHop> hops = route->nextHops();
  if (hops.size() != 1) return;
  StaticRoute r;
  r.destination = IpPrefix{*destination, rtm->rtm_dst_len};
  r.metric = route->metric();
  r.protocol = rtm->rtm_protocol;
  r.oifIndex = hops.front().oifIndex;
  r.gateway = hops.front().gateway;
  out.push_back(r);
}

void keepOnlySomebodysPrefixRoutes(LiveState& st) {
  std::erase_if(st.staticRoutes, [&](const StaticRoute& r) {
    if (r.protocol != RTPROT_KERNEL) return false;
    return std::any_of(st.addresses.begin(), st.addresses.end(), [&](const Address& a) {
      return a.index == r.oifIndex && (a.flags & IFA_F_NOPREFIXROUTE) == 0 &&
             a.prefix.length == r.destination.length && r.destination.contains(a.prefix.address);
    });
  });
}

}  // namespace ifkit::host::nl
