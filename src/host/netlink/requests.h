// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/requests.h: the rtnetlink requests that carry out one primitive operation.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "host/host_op.h"
#include "host/netlink/nl_ptr.h"
#include "ifkit/error.h"

namespace ifkit::host::nl {

// Looks up a link's ifindex in the target namespace: the index, or 0 and an errno in `err`.
using IndexLookup = std::function<int(const std::string& name, int& err)>;

// The requests for `op`, to be sent in order; most operations need one. Names the kernel can
// resolve itself (the link a request is about) travel as IFLA_IFNAME; names that must become an
// ifindex (a master, a VLAN parent, an address's link) go through `indexOf`, and an unknown one
// fails here with its errno. Not for SetIpv6Autoconf, which is a sysctl, not a netlink request.
Result<std::vector<NlMsg>> buildRequests(const HostOp& op, const IndexLookup& indexOf);

}  // namespace ifkit::host::nl
