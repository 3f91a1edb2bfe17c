// SPDX-License-Identifier: LGPL-2.1-or-later
// Telling a running NetworkManager to let go of interfaces and to take them back (nmcli).
//
// ifkit's drop-in (networkmanager_release.h) keeps NetworkManager off an interface from its next
// start on; a running NetworkManager reads it only when told. Measured with NetworkManager 1.42
// (tests/system/networkmanager_host_test.cpp):
//   - `nmcli general reload conf` while it manages the device and the drop-in is in place: it
//     takes the device down and flushes it (the host cut off before ifkit's start; the NIC down
//     inside the bridge after it). So a reload is never how it is told to let go.
//   - `nmcli device set NAME managed no`: it lets go and leaves the device exactly as it is (up,
//     its addresses and routes), before ifkit's start as after it. So it is told so before
//     ifkit's start changes the link, and its DHCP client or its checks never act on the link
//     that ifkit changes.
//   - given back (the drop-in removed): `nmcli general reload conf` makes it manage a device
//     that its configuration had kept off, and `nmcli device set NAME managed yes` one that it
//     was told to let go at run time; it then activates the device's profile again.
#pragma once

#include <string>
#include <vector>

#include "driver/system/manager_process.h"
#include "ifkit/error.h"

namespace ifkit::driver {

inline constexpr ManagerProcess kNetworkManagerProcess = {"NetworkManager.service",
                                                          "NetworkManager"};

// When NetworkManager runs in the namespace `netnsFd`: it leaves each of `names` that is a link
// there as it is. Nothing otherwise.
Status networkManagerLetGo(int netnsFd, const std::vector<std::string>& names);

// When NetworkManager runs there: it reads its configuration again and manages each of `names`
// that is a link there. Nothing otherwise.
Status networkManagerTakeBack(int netnsFd, const std::vector<std::string>& names);

}  // namespace ifkit::driver
