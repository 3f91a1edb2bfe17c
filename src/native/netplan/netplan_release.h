// SPDX-License-Identifier: LGPL-2.1-or-later
// Making netplan leave interfaces alone, in its own files, and what it takes to undo that.
//
// The device entry of each released interface (the ID whose set-name or ID is its name, or
// whose match: name: is exactly its name) is cut out of every YAML file that defines it,
// byte for byte around it, a comment line left where it was; a bridge or bond that stays loses
// the released member from its `interfaces` list the same way. A section or list left empty
// becomes `{}` or `[]`, as netplan refuses an empty one. netplan generate then renders nothing
// for the interface, for networkd or NetworkManager alike, and the rest as before.
//
// Refused, said rather than guessed: a name that an entry configures by a glob (`match: name:
// en*`), which configures other links too; the parent (`link:`) of a VLAN that stays, which
// netplan needs; an entry in /run/netplan (made anew at every boot, and not a folder ifkit
// writes); a cut that would leave a file that does not parse (an anchor that an alias elsewhere
// copies). A file in /lib/netplan is not edited: its edited copy goes to /etc/netplan under the
// same name, which shadows it. When a file does not parse, netplan configures nothing (the
// reader says so) and nothing is released.
#pragma once

#include <string>
#include <vector>

#include "ifkit/error.h"
#include "native/config_files.h"
#include "native/file_edit.h"
#include "native/netplan/netplan_files.h"

namespace ifkit::native::netplan {

// One edit per file that configures any of `names`, in netplan's order; none when no file does.
Result<std::vector<FileEdit>> releaseFromNetplanFiles(const NetplanFiles& files,
                                                      const std::vector<std::string>& names);

Result<std::vector<FileEdit>> releaseFromNetplan(const ConfigRoot& root,
                                                 const std::vector<std::string>& names);

}  // namespace ifkit::native::netplan
