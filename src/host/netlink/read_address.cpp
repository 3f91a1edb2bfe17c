// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/read_address.cpp: one RTM_NEWADDR reply as an Address, by libnl-route's parser.
#include <linux/rtnetlink.h>
#include <netlink/object.h>
#include <netlink/route/addr.h>
#include <sys/socket.h>

#include "host/netlink/readers.h"

namespace ifkit::host::nl {
namespace {

std::optional<IpAddress> ipOf(nl_addr* a) {
  if (!a) return std::nullopt;
  return IpAddress::fromBytes(nl_addr_get_binary_addr(a), nl_addr_get_len(a));
}

void onAddress(nl_object* obj, void* arg) {
  auto* addr = reinterpret_cast<rtnl_addr*>(obj);  // libnl's objects begin with their nl_object
  int family = rtnl_addr_get_family(addr);
  if (family != AF_INET && family != AF_INET6) return;
  // libnl sorts out IFA_LOCAL and IFA_ADDRESS: "local" is the interface's own address, whether
  // the kernel sent it as IFA_LOCAL (IPv4, and IPv6 with a peer) or only as IFA_ADDRESS (IPv6).
  auto ip = ipOf(rtnl_addr_get_local(addr));
  if (!ip) return;
  Address out;
  out.index = rtnl_addr_get_ifindex(addr);
  out.prefix = IpPrefix{*ip, static_cast<std::uint8_t>(rtnl_addr_get_prefixlen(addr))};
  out.scope = static_cast<std::uint8_t>(rtnl_addr_get_scope(addr));
  out.flags = rtnl_addr_get_flags(addr);  // IFA_FLAGS when sent: all 32 bits, not ifa_flags' 8
  *static_cast<std::optional<Address>*>(arg) = out;
}

}  // namespace

std::optional<Address> readAddress(nl_msg* reply) {
  // nl_msg_parse picks libnl's parser by message type, so only an address reply may reach it.
  if (nlmsg_hdr(reply)->nlmsg_type != RTM_NEWADDR) return std::nullopt;
  std::optional<Address> out;
  nl_msg_parse(reply, &onAddress, &out);  // an object it cannot build is skipped, as out says
  return out;
}

}  // namespace ifkit::host::nl
