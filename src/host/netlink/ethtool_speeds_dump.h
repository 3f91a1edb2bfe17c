// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/ethtool_speeds_dump.h: every link's speed at once, from ethtool's netlink
// family.
//
// The live XML shows the speed of each up link (and of a bridge's ports); the ioctl answers for
// one link per call, so describing every interface of a host cost one system call per link. One
// ETHTOOL_MSG_LINKMODES_GET dump answers for all of them, from the same driver callback as the
// ioctl (get_link_ksettings).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

namespace ifkit::host::nl {

// Mb/s by ifindex, for the links of the namespace of `genlFd` (a NETLINK_GENERIC socket made
// there) whose drivers report a speed (links without one, or SPEED_UNKNOWN, are absent). nullopt
// when the kernel has no ethtool netlink family (before Linux 5.6) or the dump fails: the caller
// asks each link with the ioctl then (ethtool_speed.h).
std::optional<std::unordered_map<int, std::uint32_t>> dumpSpeedsMbps(int genlFd);

}  // namespace ifkit::host::nl
