// SPDX-License-Identifier: LGPL-2.1-or-later
// Making NetworkManager leave interfaces alone: ifkit's own drop-in of NetworkManager's
// configuration, and what it takes to undo that.
//
// NetworkManager does not touch a device its configuration lists as unmanaged
// (NetworkManager.conf(5), [keyfile] unmanaged-devices), whatever profiles it has for it. The
// drop-in /etc/NetworkManager/conf.d/99-ifkit-unmanaged.conf says
//   [keyfile]
//   unmanaged-devices+=interface-name:=eth0,interface-name:=br0
// "+=" appends to the list the host's own files give (a plain "=" would replace it), and
// "interface-name:=" matches the name as written, not as a glob. The drop-in is read last of
// the usual ones (99-), so a host file cannot reset the list after it. The profiles stay as
// they were: giving an interface back is removing its name from the drop-in (or the drop-in).
// A second release edits the same drop-in, adding its names to those already there.
#pragma once

#include <string>
#include <vector>

#include "ifkit/error.h"
#include "native/config_files.h"
#include "native/file_edit.h"

namespace ifkit::native::networkmanager {

inline constexpr const char* kUnmanagedDropIn =
    "/etc/NetworkManager/conf.d/99-ifkit-unmanaged.conf";

// The names the drop-in's bytes list as unmanaged, in order.
std::vector<std::string> unmanagedNames(const std::string& dropIn);

// The drop-in that lists `names` (none: nullopt, no file).
std::optional<std::string> unmanagedDropIn(const std::vector<std::string>& names);

// The edit of the drop-in that adds `names` to those it lists; none when it lists them all.
// Refused for a name NetworkManager's list syntax cannot hold (',', ';', blanks, '\').
Result<std::vector<FileEdit>> releaseFromNetworkManager(const ConfigRoot& root,
                                                        const std::vector<std::string>& names);

// The edit that takes `names` off the drop-in again (the drop-in goes with its last name).
std::vector<FileEdit> returnToNetworkManager(const ConfigRoot& root,
                                             const std::vector<std::string>& names);

}  // namespace ifkit::native::networkmanager
