// SPDX-License-Identifier: LGPL-2.1-or-later
// Making NetworkManager leave interfaces alone: drop-ins of ifkit's in NetworkManager's
// configuration, one per interface, and what it takes to undo that.
//
// NetworkManager does not touch a device its configuration lists as unmanaged
// (NetworkManager.conf(5), [keyfile] unmanaged-devices), whatever profiles it has for it. The
// drop-in /etc/NetworkManager/conf.d/99-ifkit-unmanaged-eth0.conf says
//   [keyfile]
//   unmanaged-devices+=interface-name:=eth0
// "+=" appends to the list the host's own files give (a plain "=" would replace it), and
// "interface-name:=" matches the name as written, not as a glob. The drop-ins are read last of
// the usual ones (99-), so a host file cannot reset the list after them. The profiles stay as
// they were. One file per interface, so that the hand-overs of two definitions never share a
// file and each is given back (the file removed) in whatever order they are undefined.
#pragma once

#include <string>
#include <vector>

#include "ifkit/error.h"
#include "native/config_files.h"
#include "native/file_edit.h"

namespace ifkit::native::networkmanager {

// The drop-in that makes NetworkManager leave `name` alone, and its bytes.
std::string unmanagedDropInPath(const std::string& name);
std::string unmanagedDropIn(const std::string& name);

// The drop-ins to add for `names`; none for a name whose drop-in is there already. Refused for
// a name NetworkManager's list syntax cannot hold (',', ';', blanks, '\\', '/'), or whose
// drop-in's place holds another file.
Result<std::vector<FileEdit>> releaseFromNetworkManager(const ConfigRoot& root,
                                                        const std::vector<std::string>& names);

}  // namespace ifkit::native::networkmanager
