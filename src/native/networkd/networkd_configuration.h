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
// are named as unexpressed. [Match] conditions other than Name=, Kind= and Type= (MAC,
// driver, path, host, ...) need the device itself: beside a Name= that fits they are named as
// unexpressed; a file that has no Name= to narrow them may configure any link or none, and is a
// problem instead of a definition of every link. Releasing takes such a file as matching: ifkit
// keeps networkd off a link it might configure.
#pragma once

#include <string>
#include <string_view>
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

// Whether ifkit judges a [Match] key from a link's name and kind (Name, Kind, Type).
bool isJudged(std::string_view matchKey);
// Whether a .network file's [Match] names its links (Name=) or needs nothing ifkit cannot judge.
bool namesItsLinks(const UnitFile& network);

// The .network file that configures `link` of `kind` ("" for a kernel link), if any; a
// condition ifkit does not judge is taken as fitting.
const UnitFile* networkFor(const NetworkdFiles& files, const std::string& link,
                           const std::string& kind);

}  // namespace ifkit::native::networkd
