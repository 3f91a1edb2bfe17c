// SPDX-License-Identifier: LGPL-2.1-or-later
// NetworkManager's connection profiles as ifkit definitions.
//
// A profile (nm-settings-keyfile(5)) of type ethernet, bridge, bond or vlan configures the
// interface its connection.interface-name names; a port (master= or controller=, with
// slave-type= or port-type=) is described inside its bridge or bond, found by interface name or
// by the master profile's UUID. Of several profiles for one interface NetworkManager activates
// one: here the one it would start at boot (autoconnect, then the highest
// autoconnect-priority, then the first file), the others named as unexpressed. NetworkManager's
// defaults are written out where they reach the kernel (a bridge's STP on with a 15 s delay, a
// bond's balance-rr mode and 100 ms MII monitor), as libvirt's XML would otherwise say less
// than the host does. autoconnect (default yes) is the start mode onboot, else none. Wi-Fi and
// the other types have no place in libvirt's XML: named as problems, never read as ethernet.
#pragma once

#include <string>
#include <vector>

#include "native/config_files.h"
#include "native/native_definition.h"
#include "native/networkmanager/keyfile_files.h"

namespace ifkit::native::networkmanager {

inline constexpr const char* kManagerName = "NetworkManager";

NativeConfiguration translateConnectionFiles(const ConnectionFiles& files,
                                             const std::vector<std::string>& links);

NativeConfiguration readNetworkManagerConfiguration(const ConfigRoot& root,
                                                    const std::vector<std::string>& links);

}  // namespace ifkit::native::networkmanager
