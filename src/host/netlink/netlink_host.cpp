// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/netlink_host.cpp: opening a NetlinkHost's sockets inside its namespace.
#include "host/netlink/netlink_host.h"

#include <linux/netlink.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "host/host_error.h"

namespace ifkit::host::nl {

Result<NetlinkHost> NetlinkHost::open(Netns ns) {
  // Both sockets belong to the namespace they are created in, for their whole life.
  auto inside = EnteredNetns::enter(ns);
  if (!inside) return inside.error();
  auto sock = RouteSocket::openHere();
  if (!sock) return sock.error();
  UniqueFd ioctlFd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!ioctlFd.valid()) return hostError("open an ioctl socket in '" + ns.label() + "'", errno);
  // For ethtool's netlink family (the speeds); without it, speeds are read by ioctl.
  UniqueFd genlFd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC));
  // Without the watch every view() is a fresh snapshot: slower, never wrong.
  std::optional<ChangeWatch> watch;
  if (auto w = ChangeWatch::openHere()) watch = std::move(*w);
  return NetlinkHost(std::move(ns), std::move(*sock), std::move(ioctlFd), std::move(genlFd),
                     std::move(watch));
}

int NetlinkHost::indexOf(const std::string& name, int& err) const {
  ifreq ifr{};
  if (name.empty() || name.size() >= sizeof ifr.ifr_name) {
    err = ENODEV;  // no link can have this name
    return 0;
  }
  std::memcpy(ifr.ifr_name, name.c_str(), name.size() + 1);
  if (::ioctl(ioctlFd_.get(), SIOCGIFINDEX, &ifr) != 0) {
    err = errno;
    return 0;
  }
  err = 0;
  return ifr.ifr_ifindex;
}

}  // namespace ifkit::host::nl
