// SPDX-License-Identifier: LGPL-2.1-or-later
// src/host/netlink/readers.h: turning one dump reply into LiveState values (one .cpp per class).
//
// Links, addresses and routes are all read by hand (attr.h), for the reasons given in
// read_link.cpp and read_address.cpp.
#pragma once

#include <linux/netlink.h>

#include <optional>
#include <vector>

#include "host/live_state.h"

namespace ifkit::host::nl {

// An RTM_NEWLINK reply; nullopt if it is not one or is too short to hold its header.
std::optional<Link> readLink(const nlmsghdr* reply);

// An RTM_NEWADDR reply for IPv4 or IPv6; nullopt for anything else.
std::optional<Address> readAddress(const nlmsghdr* reply);

// An RTM_NEWROUTE reply: appends to `out` if it is a default route of the main table (one entry
// per next hop of a multipath route); ignores everything else.
void readDefaultRoutes(const nlmsghdr* reply, std::vector<Route>& out);
// The configured routes to a prefix among the replies (StaticRoute says which).
void readStaticRoutes(const nlmsghdr* reply, std::vector<StaticRoute>& out);
// Drops from st.staticRoutes the IPv6 "proto kernel" routes that the kernel made for an address
// of their link (readStaticRoutes keeps those with a metric of their own until the addresses
// are known): what stays was made in the kernel's name by somebody (NetworkManager).
void keepOnlySomebodysPrefixRoutes(LiveState& st);

}  // namespace ifkit::host::nl
