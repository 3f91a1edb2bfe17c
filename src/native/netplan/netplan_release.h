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
// Limits, said rather than guessed: an entry that matches links by a glob (`match: name:
// en*`) configures others too and is not cut; nor is the parent (`link:`) of a VLAN that
// stays, since netplan refuses a VLAN without its parent's entry. A file in /lib/netplan is
// not edited: its edited copy goes to /etc/netplan under the same name, which shadows it. A
// file in /run/netplan is edited where it is (the hand-over record refuses it: /run is not a
// folder ifkit writes). When any file does not parse, nothing is released (netplan would not
// render anything anyway, and a cut needs the file's structure); nor when a cut would leave a
// file that does not parse (an entry holding an anchor that an alias elsewhere uses).
#pragma once

#include <string>
#include <vector>

#include "native/config_files.h"
#include "native/file_edit.h"
#include "native/netplan/netplan_files.h"

namespace ifkit::native::netplan {

// One edit per file that configures any of `names`, in netplan's order; none when no file does.
std::vector<FileEdit> releaseFromNetplanFiles(const NetplanFiles& files,
                                              const std::vector<std::string>& names);

std::vector<FileEdit> releaseFromNetplan(const ConfigRoot& root,
                                         const std::vector<std::string>& names);

}  // namespace ifkit::native::netplan
