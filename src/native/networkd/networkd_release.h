// SPDX-License-Identifier: LGPL-2.1-or-later
// Making systemd-networkd leave interfaces alone, with files in its own folder
// /etc/systemd/network, and what it takes to undo that.
//
// networkd configures a link from the first .network file, in the order of the files' names
// over all its folders, whose [Match] fits the link (networkd_configuration.h). So a link is
// released by a file of ifkit's that comes first for it, "00-ifkit-NAME.network", matching
// only that name, with [Link] Unmanaged=yes: networkd then neither configures the link nor
// removes what others put on it, whichever of its own files matched before (an exact name or a
// glob). A device that a .netdev makes (a bridge, bond or VLAN that ifkit now owns) goes too:
// the .netdev is removed when it is in /etc/systemd/network, masked by an empty file of the
// same name there when it is in /run or /usr/lib (networkd skips empty files and the name in
// /etc hides the others). Giving back is putting each file back as it was: the records of
// native/handover.h hold both forms.
#pragma once

#include <string>
#include <vector>

#include "ifkit/error.h"
#include "native/config_files.h"
#include "native/file_edit.h"
#include "native/networkd/networkd_files.h"

namespace ifkit::native::networkd {

// The folder whose files ifkit writes: the administrator's, of highest precedence.
inline constexpr const char* kAdministratorFolder = "/etc/systemd/network";

// The edits that release `names` from what `files` configure, in the order of `names`: none for a
// name networkd does not configure. Refused when no file name of ifkit's would come first.
Result<std::vector<FileEdit>> releaseFromNetworkdFiles(const ConfigRoot& root,
                                                       const NetworkdFiles& files,
                                                       const std::vector<std::string>& names);

// The same, reading networkd's files under the root.
Result<std::vector<FileEdit>> releaseFromNetworkd(const ConfigRoot& root,
                                                  const std::vector<std::string>& names);

// The text of the file that makes networkd leave `name` alone.
std::string unmanagedNetworkText(const std::string& name);

}  // namespace ifkit::native::networkd
