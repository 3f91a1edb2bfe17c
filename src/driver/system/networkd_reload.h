// SPDX-License-Identifier: LGPL-2.1-or-later
// Telling a running systemd-networkd to read its files again (`networkctl reload`).
//
// Measured with networkd 252 (tests/system/networkd_host_test.cpp): told to reread while its
// file still configures a link, nothing changes; told once ifkit's "Unmanaged=yes" file is in
// place, it removes the addresses and routes it put on the link and leaves it alone from then
// on; never told, it keeps the link as its own and puts its addresses back on it at the next
// carrier change, beside the bridge that holds them now. So networkd is told after ifkit's
// start has moved the link's configuration (to the bridge), never before: the host keeps its
// address throughout, and networkd's clean-up finds nothing of its own left on the link.
#pragma once

#include "driver/system/manager_process.h"
#include "ifkit/error.h"

namespace ifkit::driver {

inline constexpr ManagerProcess kNetworkdProcess = {"systemd-networkd.service", "systemd-network"};

// Runs `networkctl reload` in the namespace `netnsFd` when networkd runs there; nothing
// otherwise.
Status rereadNetworkd(int netnsFd);

}  // namespace ifkit::driver
