// src/host/netlink/read_address.cpp: one RTM_NEWADDR reply as an Address.
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "host/netlink/attr.h"
#include "host/netlink/readers.h"

namespace ifkit::host::nl {

std::optional<Address> readAddress(const nlmsghdr* h) {
  if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg)))
    return std::nullopt;
  const auto* ifa = static_cast<const ifaddrmsg*>(nlmsg_data(h));
  if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) return std::nullopt;
  nlattr* tb[IFA_MAX + 1] = {};
  if (!parseMessage(tb, IFA_MAX, h, sizeof(ifaddrmsg))) return std::nullopt;

  // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer's on a point-to-point
  // link and the same as IFA_LOCAL otherwise. IPv6 sends only IFA_ADDRESS.
  const nlattr* a = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
  if (!a) return std::nullopt;
  auto ip = IpAddress::fromBytes(nla_data(a), static_cast<std::size_t>(nla_len(a)));
  if (!ip) return std::nullopt;

  Address addr;
  addr.index = static_cast<int>(ifa->ifa_index);
  addr.prefix = IpPrefix{*ip, ifa->ifa_prefixlen};
  addr.scope = ifa->ifa_scope;
  // ifa_flags has 8 bits; flags above them (IFA_F_NOPREFIXROUTE, ...) come only in IFA_FLAGS.
  addr.flags = attrU32(tb[IFA_FLAGS]).value_or(ifa->ifa_flags);
  return addr;
}

}  // namespace ifkit::host::nl
