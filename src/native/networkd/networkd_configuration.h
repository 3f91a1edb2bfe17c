// SPDX-License-Identifier: LGPL-2.1-or-later
// systemd-networkd's configuration as ifkit definitions.
//
// networkd matches each .network file against the links the kernel has (and the ones its
// .netdev files create): the first file in name order whose [Match] fits a link configures it.
// So the reader is given the kernel's link names; each of them, and each netdev, that a file
// configures becomes a definition, except the links a .network puts under a master
// (Bridge=, Bond=): those are described inside their bridge or bond, as libvirt does. VLANs
// come from [VLAN] Id= netdevs and the VLAN= of their parent's .network. networkd brings up
// what it configures at boot: the start mode is onboot. Settings that libvirt's XML cannot hold
// are named as unexpressed; [Match] conditions other than Name= cannot be judged from files
// alone and are named as such.
#pragma once

#include <string>
#include <vector>

#include "native/config_files.h"
#include "native/native_definition.h"
#include "native/networkd/networkd_files.h"

namespace ifkit::native::networkd {

inline constexpr const char* kManagerName = "systemd-networkd";

NativeConfiguration translateNetworkdFiles(const NetworkdFiles& files,
                                           const std::vector<std::string>& links);

NativeConfiguration readNetworkdConfiguration(const ConfigRoot& root,
                                              const std::vector<std::string>& links);

// The .network file that configures `link` of `kind` ("" for a kernel link), if any.
const UnitFile* networkFor(const NetworkdFiles& files, const std::string& link,
                           const std::string& kind);

}  // namespace ifkit::native::networkd
