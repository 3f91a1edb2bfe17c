// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/ethtool_speed.h: a link's speed as its driver reports it to ethtool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ifkit::host::nl {

// Mb/s via SIOCETHTOOL on `ioctlFd` (a socket in the link's namespace); nullopt when the driver
// has no speed to report (no ethtool support, SPEED_UNKNOWN).
std::optional<std::uint32_t> readSpeedMbps(int ioctlFd, const std::string& name);

}  // namespace ifkit::host::nl
