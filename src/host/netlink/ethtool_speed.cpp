// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/ethtool_speed.cpp: asking a driver for its link speed (ETHTOOL_GSET).
#include "host/netlink/ethtool_speed.h"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>

#include <cstring>

namespace ifkit::host::nl {

std::optional<std::uint32_t> readSpeedMbps(int ioctlFd, const std::string& name) {
  ifreq ifr{};
  if (name.size() >= sizeof ifr.ifr_name) return std::nullopt;
  std::memcpy(ifr.ifr_name, name.c_str(), name.size() + 1);
  // ETHTOOL_GSET is the legacy request, but one round trip: ETHTOOL_GLINKSETTINGS needs two (a
  // size handshake first), and the kernel serves both from the same driver callback.
  ethtool_cmd cmd{};
  cmd.cmd = ETHTOOL_GSET;
  ifr.ifr_data = reinterpret_cast<char*>(&cmd);
  if (::ioctl(ioctlFd, SIOCETHTOOL, &ifr) != 0) return std::nullopt;
  std::uint32_t speed = ethtool_cmd_speed(&cmd);
  if (speed == 0 || speed == static_cast<std::uint32_t>(SPEED_UNKNOWN)) return std::nullopt;
  return speed;
}

}  // namespace ifkit::host::nl
