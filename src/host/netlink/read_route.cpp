// src/host/netlink/read_route.cpp: the default routes among RTM_NEWROUTE replies.
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "host/netlink/attr.h"
#include "host/netlink/readers.h"

namespace ifkit::host::nl {
namespace {

std::optional<IpAddress> gatewayOf(const nlattr* a) {
  if (!a) return std::nullopt;
  return IpAddress::fromBytes(nla_data(a), static_cast<std::size_t>(nla_len(a)));
}

}  // namespace

void readDefaultRoutes(const nlmsghdr* h, std::vector<Route>& out) {
  if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) return;
  const auto* rtm = static_cast<const rtmsg*>(nlmsg_data(h));
  if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) return;
  if (rtm->rtm_dst_len != 0 || rtm->rtm_type != RTN_UNICAST) return;
  nlattr* tb[RTA_MAX + 1] = {};
  if (!parseMessage(tb, RTA_MAX, h, sizeof(rtmsg))) return;
  // rtm_table has 8 bits; RTA_TABLE carries the full number.
  if (attrU32(tb[RTA_TABLE]).value_or(rtm->rtm_table) != RT_TABLE_MAIN) return;

  Route r;
  r.family = rtm->rtm_family == AF_INET ? IpFamily::V4 : IpFamily::V6;
  r.metric = attrU32(tb[RTA_PRIORITY]).value_or(0);
  r.protocol = rtm->rtm_protocol;
  if (const nlattr* mp = tb[RTA_MULTIPATH]) {
    // One rtnexthop per path, each followed by its own attributes (RTA_GATEWAY).
    const char* p = static_cast<const char*>(nla_data(mp));
    int rem = nla_len(mp);
    while (rem >= static_cast<int>(sizeof(rtnexthop))) {
      const auto* nh = reinterpret_cast<const rtnexthop*>(p);
      if (nh->rtnh_len < sizeof(rtnexthop) || nh->rtnh_len > rem) break;
      Route hop = r;
      hop.oifIndex = nh->rtnh_ifindex;
      nlattr* ntb[RTA_MAX + 1] = {};
      int attrLen = nh->rtnh_len - static_cast<int>(RTNH_LENGTH(0));
      if (attrLen > 0 &&
          nla_parse(ntb, RTA_MAX,
                    const_cast<nlattr*>(reinterpret_cast<const nlattr*>(RTNH_DATA(nh))), attrLen,
                    nullptr) == 0)
        hop.gateway = gatewayOf(ntb[RTA_GATEWAY]);
      out.push_back(hop);
      int step = static_cast<int>(RTNH_ALIGN(nh->rtnh_len));
      p += step;
      rem -= step;
    }
    return;
  }
  r.gateway = gatewayOf(tb[RTA_GATEWAY]);
  r.oifIndex = static_cast<int>(attrU32(tb[RTA_OIF]).value_or(0));
  out.push_back(r);
}

}  // namespace ifkit::host::nl
