// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/ipv6_sysctl.h: switching a link's IPv6 autoconfiguration inside a namespace.
#pragma once

#include <string>

#include "host/netlink/netns.h"
#include "ifkit/error.h"

namespace ifkit::host::nl {

// Writes net.ipv6.conf.<name>.autoconf and .accept_ra (both 1 or both 0) in `ns`. `what` names
// the operation for the error message.
Status writeIpv6Autoconf(const Netns& ns, const std::string& name, bool on,
                         const std::string& what);

}  // namespace ifkit::host::nl
