// SPDX-License-Identifier: LGPL-2.1-or-later
// netplan's configuration as ifkit definitions.
//
// netplan (netplan(5)) describes devices by section: ethernets, bridges, bonds and vlans become
// libvirt's four kinds; wifis, tunnels, vrfs, modems and the rest have no place in libvirt's
// XML and are named as problems, never read as something else. A device's key in its section
// is an ID, not always a name: an ethernet with `match: name:` applies to every link whose name
// fits the glob, or only to the one it renames with `set-name`; bridges, bonds and VLANs name
// their members and parent by ID. So the reader is given the kernel's link names (after any
// renaming, as on a running host). netplan renders to systemd-networkd (the default) or to
// NetworkManager, both of which bring the devices up at boot: the start mode is onboot. The
// renderer NetworkManager is noted with what the XML cannot hold.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "native/config_files.h"
#include "native/native_definition.h"
#include "native/netplan/netplan_files.h"

namespace ifkit::native::netplan {

inline constexpr const char* kManagerName = "netplan";

NativeConfiguration translateNetplanFiles(const NetplanFiles& files,
                                          const std::vector<std::string>& links);

NativeConfiguration readNetplanConfiguration(const ConfigRoot& root,
                                             const std::vector<std::string>& links);

// Whether `text` starts with the path of a file that netplan renders for its renderer
// (/run/systemd/network/10-netplan-*, /run/NetworkManager/system-connections/netplan-*): what
// networkd's or NetworkManager's reader says of such a file, netplan's reader said of the YAML.
bool namesRenderedFile(std::string_view text);

// The device sections libvirt's XML can hold.
inline constexpr const char* kDeviceSections[] = {"ethernets", "bridges", "bonds", "vlans"};

// The names a device of `section` with ID `id` gives links: its set-name, else the links its
// match: name: glob fits, else its ID (an ethernet's only when the link exists).
std::vector<std::string> namesOfDevice(const std::string& section, const std::string& id,
                                       const YamlNode& device,
                                       const std::vector<std::string>& links);

// netplan's booleans: true/false, yes/no, on/off, y/n, any case.
std::optional<bool> netplanBoolean(const YamlNode* node);

}  // namespace ifkit::native::netplan
