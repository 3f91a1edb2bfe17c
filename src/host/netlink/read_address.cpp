// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/read_address.cpp: one RTM_NEWADDR reply as an Address, read by hand.
//
// Not by libnl-route's parser (nl_msg_parse), which finds its address parser among the types
// libnl-route registers when it is loaded: the `ifkit` program loads libnl-route only when it
// first builds a change request (tools/ifkit/on_demand_library.h), and a question that reads
// addresses changes nothing. The reply is a fixed header and a few attributes; what libnl's
// parser did with them is done here the same way.
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "host/netlink/attr.h"
#include "host/netlink/readers.h"

namespace ifkit::host::nl {

std::optional<Address> readAddress(const nlmsghdr* h) {
  if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg)))
    return std::nullopt;
  const auto* ifa = static_cast<const ifaddrmsg*>(messagePayload(h));
  if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) return std::nullopt;
  nlattr* tb[IFA_MAX + 1] = {};
  if (!parseMessage(tb, IFA_MAX, h, sizeof(ifaddrmsg))) return std::nullopt;
  // The interface's own address is IFA_LOCAL where the kernel sends one (IPv4, and IPv6 with a
  // peer: IFA_ADDRESS is then the peer's), IFA_ADDRESS otherwise (IPv6).
  auto ip = attrIp(tb[IFA_LOCAL] != nullptr ? tb[IFA_LOCAL] : tb[IFA_ADDRESS]);
  if (!ip) return std::nullopt;
  Address out;
  out.index = static_cast<int>(ifa->ifa_index);
  out.prefix = IpPrefix{*ip, ifa->ifa_prefixlen};
  out.scope = ifa->ifa_scope;
  // IFA_FLAGS, when sent, holds all 32 bits; ifa_flags only the first 8.
  out.flags = attrU32(tb[IFA_FLAGS]).value_or(ifa->ifa_flags);
  return out;
}

}  // namespace ifkit::host::nl
